package io.weft.local;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run on machines without a Docker engine, so its consistency with the services
 * and with the local stack is checked here: every service present, every required variable set, ports
 * matching the services' configuration, the same topic definitions and configuration keys as run.sh.
 */
class ComposeConsistencyTest {

    private static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("job-tracker", "upload-gateway", "provisioner", "model-deployer");

    /** Which configuration keys of the local stack each service needs (the rest are not its business). */
    private static final Map<String, Set<String>> KEYS_BY_SERVICE = Map.of(
            "job-tracker", Set.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                    "QUARKUS_DATASOURCE_PASSWORD"),
            "upload-gateway", Set.of("KAFKA_BOOTSTRAP_SERVERS", "WEFT_STAGING_LOCAL_DIRECTORY", "WEFT_GATEWAY_PUBLIC_TRACKER_URL"),
            "provisioner", fabricAnd("KAFKA_BOOTSTRAP_SERVERS", "WEFT_STAGING_LOCAL_DIRECTORY", "WEFT_PROVISIONER_ITEM_JOB_CHECKPOINT_DIRECTORY"),
            "model-deployer", fabricAnd("KAFKA_BOOTSTRAP_SERVERS", "WEFT_STAGING_LOCAL_DIRECTORY", "WEFT_DEPLOYER_REFRESH_CHECKPOINT_DIRECTORY"));

    @Test
    void everyPartOfTheSystemIsThere() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("kafka", "kafka-init", "postgres", "fabric-emulator");
        assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
        assertThat(services.get("kafka").get("image").toString()).startsWith("apache/kafka:");
        assertThat(environment(services.get("kafka"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void portsMatchTheServicesConfiguration() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (String service : SERVICES) {
            String configuredPort = applicationProperties(service).getProperty("quarkus.http.port");
            Map<String, Object> compose = services.get(service);
            assertThat(environment(compose).get("QUARKUS_HTTP_PORT")).as("%s QUARKUS_HTTP_PORT", service).isEqualTo(configuredPort);
            assertThat((List<?>) compose.get("ports")).as("%s ports", service).map(Object::toString)
                    .anyMatch(mapping -> mapping.endsWith(":" + configuredPort));
            assertThat(Files.readString(REPO.resolve(service + "/src/main/docker/Dockerfile.jvm")))
                    .as("%s Dockerfile.jvm", service).contains("EXPOSE " + configuredPort);
        }
    }

    @Test
    void everyRequiredVariableIsSet() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Pattern required = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
        for (String service : SERVICES) {
            Map<String, String> environment = environment(services.get(service));
            for (Object value : applicationProperties(service).values()) {
                Matcher matcher = required.matcher(value.toString());
                while (matcher.find()) {
                    assertThat(environment).as("%s needs %s (no default in application.properties)", service, matcher.group(1))
                            .containsKey(matcher.group(1));
                }
            }
            assertThat(environment).as("%s: the keys the local stack sets for it", service)
                    .containsKeys(KEYS_BY_SERVICE.get(service).toArray(String[]::new));
            assertThat(environment.values()).as("%s: no empty values", service).allMatch(v -> v != null && !v.isBlank());
        }
    }

    /**
     * The same keys, except that the local stack gives no secret values: they come from the emulator's Key Vault by
     * reference (docker-compose.yml, without a vault, sets the values).
     */
    @Test
    void theLocalStackSetsTheSameKeys() throws IOException {
        String runScript = Files.readString(REPO.resolve("deploy/local/run.sh"));
        Set<String> exported = Pattern.compile("(?m)^export ([A-Z0-9_]+)=").matcher(runScript).results()
                .map(match -> match.group(1)).collect(Collectors.toSet());
        Map<String, String> byReference = Map.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER",
                "WEFT_FABRIC_AUTH_CLIENT_SECRET", "WEFT_FABRIC_AUTH_CREDENTIALS_PROVIDER");
        KEYS_BY_SERVICE.values().forEach(keys -> keys.forEach(key ->
                assertThat(exported).contains(byReference.getOrDefault(key, key))));
        assertThat(exported).as("secret values the local stack must not give the services").doesNotContainAnyElementsOf(byReference.keySet());
        assertThat(exported).contains("WEFT_KEY_VAULT_URL", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS");
    }

    /**
     * No variable the stack sets is lost on the way: every {@code WEFT_*} and {@code QUARKUS_*} variable that
     * docker-compose.yml gives a container, or deploy/local/env.sh and run.sh export to the services, is the
     * environment name of a setting in docs/configuration.md (which {@link ConfigurationDocTest} ties to the
     * {@code @ConfigMapping}s), so a renamed setting cannot leave a stale name behind.
     */
    @Test
    void everyVariableSetIsASettingAServiceReads() throws IOException {
        List<Pattern> settings = ConfigurationDocTest.documentedEnvironment();
        Set<String> variables = new java.util.TreeSet<>();
        services().values().forEach(service -> variables.addAll(environment(service).keySet()));
        Pattern assignment = Pattern.compile("(?m)(?:^export |\\benv )([A-Z0-9_]+)=");
        for (String script : List.of("deploy/local/env.sh", "deploy/local/run.sh")) {
            assignment.matcher(Files.readString(REPO.resolve(script))).results().map(match -> match.group(1))
                    .forEach(variables::add);
        }
        Set<String> ours = variables.stream().filter(name -> name.startsWith("WEFT_") || name.startsWith("QUARKUS_"))
                .collect(Collectors.toSet());
        assertThat(ours).as("variables the stack sets").contains("QUARKUS_DATASOURCE_JDBC_URL", "WEFT_STAGING_LOCAL_DIRECTORY");
        assertThat(ours).as("variables no service reads")
                .allSatisfy(name -> assertThat(settings).as(name).anyMatch(setting -> setting.matcher(name).matches()));
    }

    @Test
    void topicsComeFromTheSharedDefinitions() throws IOException {
        Map<String, Object> init = services().get("kafka-init");
        assertThat((List<?>) init.get("volumes")).map(Object::toString)
                .anyMatch(volume -> volume.startsWith("./deploy/topics/topics.conf:"));
        assertThat(Files.readString(REPO.resolve("deploy/local/topics.sh"))).contains("deploy/topics/topics.conf");
    }

    private static Set<String> fabricAnd(String... more) {
        Set<String> keys = new java.util.HashSet<>(Set.of(more));
        keys.addAll(Set.of("WEFT_FABRIC_API_URL", "WEFT_FABRIC_ONELAKE_URL", "WEFT_FABRIC_POWER_BI_API_URL", "WEFT_FABRIC_AUTH_METHOD",
                "WEFT_FABRIC_AUTH_AUTHORITY_HOST", "WEFT_FABRIC_AUTH_TENANT_ID", "WEFT_FABRIC_AUTH_CLIENT_ID",
                "WEFT_FABRIC_AUTH_CLIENT_SECRET", "WEFT_FABRIC_TLS_TRUST_CERTIFICATE"));
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        try (Reader reader = Files.newBufferedReader(REPO.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, Object> environment = (Map<String, Object>) service.getOrDefault("environment", Map.of());
        return environment.entrySet().stream().filter(e -> !e.getKey().equals("<<"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    private static Properties applicationProperties(String service) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(REPO.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }
}
