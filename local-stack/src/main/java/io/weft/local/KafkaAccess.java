package io.weft.local;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local broker's users and ACLs, from {@code deploy/kubernetes/kafka/acls.conf} (the file the Kubernetes
 * manifests are generated from): each user a SCRAM-SHA-512 credential with a random password, kept owner-only in
 * {@code <credentials-dir>/<user>.password} (made once, reused after), with a Java client config
 * ({@code <user>.properties}) and a kcat config ({@code <user>.kcat.conf}) beside it; then exactly the ACLs the
 * file lists. A user with a client certificate in the directory ({@code <user>.certificate.pem}, issued by
 * {@code kafka.sh client-certificate}) gets a kcat config for the mutual-TLS listener instead: Kafka 4 refuses the
 * SCRAM of librdkafka before 2.6.1, which Debian 12's kcat links. Run by {@code deploy/local/run.sh} as the
 * broker's super user:
 * <pre>
 * java io.weft.local.KafkaAccess --bootstrap 127.0.0.1:9092 --admin-config target/local/kafka/admin.properties \
 *     --acls deploy/kubernetes/kafka/acls.conf --credentials-dir target/local/kafka/credentials \
 *     --upstream-bootstrap 127.0.0.1:9094 --ca-certificate target/local/kafka/tls/ca.pem
 * </pre>
 */
public final class KafkaAccess {

    /** One line of acls.conf: what {@code user} may do on one resource. */
    record Grant(String user, ResourceType resource, String name, PatternType pattern, List<AclOperation> operations) {

        static Grant parse(String line) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException("an acls.conf line is: user resource name pattern operations, not: " + line);
            }
            ResourceType resource = switch (fields[1]) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                default -> throw new IllegalArgumentException("resource is topic or group, not " + fields[1]);
            };
            PatternType pattern = switch (fields[3]) {
                case "literal" -> PatternType.LITERAL;
                case "prefix" -> PatternType.PREFIXED;
                default -> throw new IllegalArgumentException("pattern is literal or prefix, not " + fields[3]);
            };
            List<AclOperation> operations = new ArrayList<>();
            for (String operation : fields[4].split(",")) {
                operations.add(AclOperation.fromString(operation.trim().toUpperCase(Locale.ROOT)));
            }
            if (operations.contains(AclOperation.UNKNOWN)) {
                throw new IllegalArgumentException("unknown operation in " + fields[4]);
            }
            return new Grant(fields[0], resource, fields[2], pattern, List.copyOf(operations));
        }

        List<AclBinding> bindings() {
            return operations.stream().map(operation -> new AclBinding(new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW))).toList();
        }
    }

    private KafkaAccess() {
    }

    /** The grants of an acls.conf file (comments and blank lines left out). */
    static List<Grant> grants(Path aclsFile) throws IOException {
        return Files.readAllLines(aclsFile).stream()
                .filter(line -> !line.isBlank() && !line.trim().startsWith("#"))
                .map(Grant::parse).toList();
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        Path adminConfig = null;
        Path acls = null;
        Path credentials = null;
        String upstreamBootstrap = null;
        Path caCertificate = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--admin-config" -> adminConfig = Path.of(args[i + 1]);
                case "--acls" -> acls = Path.of(args[i + 1]);
                case "--credentials-dir" -> credentials = Path.of(args[i + 1]);
                case "--upstream-bootstrap" -> upstreamBootstrap = args[i + 1];
                case "--ca-certificate" -> caCertificate = Path.of(args[i + 1]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (bootstrap == null || adminConfig == null || acls == null || credentials == null || upstreamBootstrap == null || caCertificate == null) {
            throw new IllegalArgumentException("usage: KafkaAccess --bootstrap host:port --admin-config file --acls acls.conf --credentials-dir dir"
                    + " --upstream-bootstrap host:port --ca-certificate ca.pem");
        }
        credentials = credentials.toAbsolutePath();
        List<Grant> grants = grants(acls);
        Set<String> users = new LinkedHashSet<>();
        grants.forEach(grant -> users.add(grant.user()));

        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(adminConfig)) {
            config.load(reader);
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Files.createDirectories(credentials);
        try (Admin admin = Admin.create(config)) {
            List<UserScramCredentialUpsertion> upsertions = new ArrayList<>();
            for (String user : users) {
                String password = password(credentials, user);
                upsertions.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
                writeJavaConfig(credentials, user, password, bootstrap);
                Path certificate = credentials.resolve(user + ".certificate.pem");
                if (Files.exists(certificate)) {
                    writeOwnerOnly(credentials.resolve(user + ".kcat.conf"), """
                            bootstrap.servers=%s
                            security.protocol=ssl
                            ssl.ca.location=%s
                            ssl.certificate.location=%s
                            ssl.key.location=%s
                            """.formatted(upstreamBootstrap, caCertificate, certificate, credentials.resolve(user + ".key.pem")));
                } else {
                    writeOwnerOnly(credentials.resolve(user + ".kcat.conf"), """
                            bootstrap.servers=%s
                            security.protocol=SASL_PLAINTEXT
                            sasl.mechanisms=SCRAM-SHA-512
                            sasl.username=%s
                            sasl.password=%s
                            """.formatted(bootstrap, user, password));
                }
            }
            admin.alterUserScramCredentials(List.copyOf(upsertions)).all().get(60, TimeUnit.SECONDS);
            List<AclBinding> bindings = grants.stream().flatMap(grant -> grant.bindings().stream()).toList();
            admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
            System.out.printf("  Kafka: %d users (SCRAM-SHA-512), %d ACLs from %s; credentials in %s%n",
                    users.size(), bindings.size(), acls.getFileName(), credentials);
        }
    }

    /** The user's password: the one made on an earlier run, or a new random one. */
    private static String password(Path dir, String user) throws IOException {
        Path file = dir.resolve(user + ".password");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        writeOwnerOnly(file, password);
        return password;
    }

    private static void writeJavaConfig(Path dir, String user, String password, String bootstrap) throws IOException {
        writeOwnerOnly(dir.resolve(user + ".properties"), """
                bootstrap.servers=%s
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";
                """.formatted(bootstrap, user, password));
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
