package io.weft.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes cannot be applied to a cluster here, so it is rendered the way {@code kubectl apply -k} renders
 * it ({@code kubectl kustomize}), every document is parsed into the fabric8 Kubernetes model with no unknown field
 * allowed (fabric8 keeps unknown fields in {@code additionalProperties}: they must be empty everywhere), the
 * custom resources are checked field by field (src/test/resources/crd-fields.yaml), and the invariants the
 * manifests promise are asserted against the services' own configuration, so the manifests cannot silently rot.
 */
class KubernetesManifestsTest {

    private static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();
    private static final Path K8S = REPO.resolve("deploy/kubernetes");
    private static final List<String> SERVICES = List.of("job-tracker", "upload-gateway", "provisioner", "model-deployer");
    private static final List<String> WORKERS = List.of("provisioner", "model-deployer");
    /** Only these may be reached from outside the namespace. */
    private static final Set<String> EXPOSED = Set.of("upload-gateway", "job-tracker");
    /** Offset commit and Kafka client close after the workers' stop timeout (SmallRye's throttled commit is immediate). */
    private static final Duration COMMIT_AND_CLOSE = Duration.ofSeconds(10);
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|SAS_TOKEN|ACCOUNT_KEY)");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String dir : List.of("overlays/dev", "overlays/prod", "kafka/strimzi")) {
            RENDERED.put(dir, kustomize(K8S.resolve(dir)));
        }
    }

    // ---- strict parsing -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "kafka/strimzi"})
    void everyDocumentParsesStrictly(String dir) throws Exception {
        Map<String, Object> crdFields = crdFields();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> document : RENDERED.get(dir)) {
            String kind = String.valueOf(document.get("kind"));
            HasMetadata parsed = parse(document);
            String where = kind + "/" + parsed.getMetadata().getName();
            if (parsed instanceof GenericKubernetesResource) {
                // Not in the core model: a CRD kind, which must be one we know the fields of.
                assertThat(crdFields).as("%s: a kind with no known schema", where).containsKey(kind);
                checkFields(where, document, crdFields.get(kind), problems);
                ObjectMeta meta = SERIALIZATION.convertValue(document.get("metadata"), ObjectMeta.class);
                unknownFields(where + ".metadata", meta, problems);
            } else {
                unknownFields(where, parsed, problems);
            }
        }
        assertThat(problems).as("unknown or mistyped fields in %s", dir).isEmpty();
    }

    // ---- invariants -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyContainerIsProbedOnItsHealthEndpoints(String overlay) throws Exception {
        for (Deployment deployment : all(overlay, Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                assertThat(container.getStartupProbe()).as("%s startupProbe", where).isNotNull();
                assertThat(container.getLivenessProbe()).as("%s livenessProbe", where).isNotNull();
                assertThat(container.getReadinessProbe()).as("%s readinessProbe", where).isNotNull();
                if (SERVICES.contains(deployment.getMetadata().getName())) {
                    assertThat(path(container.getStartupProbe())).as("%s startup", where).isEqualTo("/q/health/started");
                    assertThat(path(container.getLivenessProbe())).as("%s liveness", where).isEqualTo("/q/health/live");
                    assertThat(path(container.getReadinessProbe())).as("%s readiness", where).isEqualTo("/q/health/ready");
                    String port = applicationProperties(deployment.getMetadata().getName()).getProperty("quarkus.http.port");
                    assertThat(container.getPorts()).as("%s ports", where)
                            .anyMatch(p -> p.getContainerPort() == Integer.parseInt(port) && "http".equals(p.getName()));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void gracePeriodCoversTheWorkersStopTimeoutPlusCommit(String overlay) throws Exception {
        Duration stopTimeout = workerStopTimeout();
        for (Deployment deployment : all(overlay, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            if (!SERVICES.contains(name)) {
                continue;
            }
            Map<String, String> config = configMap(overlay, name);
            Duration shutdown = duration(config.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT",
                    applicationProperties(name).getProperty("quarkus.shutdown.timeout", "0s")));
            Duration needed = shutdown;
            if (WORKERS.contains(name)) {
                Duration workerStop = config.containsKey("WEFT_WORKER_STOP_TIMEOUT")
                        ? duration(config.get("WEFT_WORKER_STOP_TIMEOUT")) : stopTimeout;
                needed = needed.plus(workerStop).plus(COMMIT_AND_CLOSE);
            }
            Long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertThat(grace).as("%s terminationGracePeriodSeconds", name).isNotNull();
            assertThat(Duration.ofSeconds(grace)).as("%s grace period vs %s needed", name, needed)
                    .isGreaterThanOrEqualTo(needed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "kafka/strimzi"})
    void noSecretValueIsInAnyManifest(String dir) throws Exception {
        for (Map<String, Object> document : RENDERED.get(dir)) {
            assertThat(document.get("kind")).as("an inline Secret in %s", dir).isNotEqualTo("Secret");
        }
        if (dir.startsWith("overlays")) {
            for (ConfigMap configMap : all(dir, ConfigMap.class)) {
                assertThat(configMap.getData().keySet()).as("ConfigMap %s holds a secret", configMap.getMetadata().getName())
                        .noneMatch(key -> SECRET_NAME.matcher(key).matches());
            }
            for (Deployment deployment : all(dir, Deployment.class)) {
                for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                    for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
                        if (SECRET_NAME.matcher(env.getName()).matches()) {
                            assertThat(env.getValue()).as("%s %s set inline", container.getName(), env.getName()).isNull();
                            assertThat(env.getValueFrom().getSecretKeyRef()).as("%s %s", container.getName(), env.getName())
                                    .isNotNull();
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyPodRunsRestricted(String overlay) throws Exception {
        for (Deployment deployment : all(overlay, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s seccomp", name).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as("%s securityContext", name).isNotNull();
                assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", name).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", name).isFalse();
                assertThat(security.getCapabilities().getDrop()).as("%s capabilities.drop", name).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as("%s capabilities.add", name).isNullOrEmpty();
                // A read-only root: /tmp (java.io.tmpdir) must be a writable volume.
                assertThat(container.getVolumeMounts()).as("%s /tmp", name).anyMatch(m -> m.getMountPath().equals("/tmp"));
                assertThat(container.getResources().getRequests()).as("%s requests", name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as("%s limits", name).containsKey("memory");
                assertThat(container.getImage()).as("%s image", name).startsWith("ghcr.io/weft/" + name + ":")
                        .doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void checkpointDirectoriesAreWritableVolumes(String overlay) throws Exception {
        for (String name : SERVICES) {
            Deployment deployment = named(overlay, Deployment.class, name);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (Map.Entry<String, String> setting : configMap(overlay, name).entrySet()) {
                if (setting.getKey().endsWith("_DIRECTORY")) {
                    assertThat(container.getVolumeMounts()).as("%s %s=%s on a volume", name, setting.getKey(), setting.getValue())
                            .anyMatch(m -> (setting.getValue() + "/").startsWith(m.getMountPath() + "/")
                                    && !Boolean.TRUE.equals(m.getReadOnly()));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyDeploymentHasADisruptionBudget(String overlay) throws Exception {
        List<PodDisruptionBudget> budgets = all(overlay, PodDisruptionBudget.class);
        for (Deployment deployment : all(overlay, Deployment.class)) {
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets).as("a PodDisruptionBudget for %s", deployment.getMetadata().getName())
                    .anyMatch(b -> labels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void onlyTheGatewayAndTrackerAreReachableFromOutsideTheNamespace(String overlay) throws Exception {
        List<NetworkPolicy> policies = all(overlay, NetworkPolicy.class);
        assertThat(policies).as("a default deny of ingress").anyMatch(p -> isNullOrEmpty(p.getSpec().getPodSelector().getMatchLabels())
                && p.getSpec().getPolicyTypes().contains("Ingress") && isNullOrEmpty(p.getSpec().getIngress()));
        Set<String> reachable = new TreeSet<>();
        for (NetworkPolicy policy : policies) {
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
                boolean fromOutside = rule.getFrom().isEmpty()
                        || rule.getFrom().stream().anyMatch(KubernetesManifestsTest::outsideTheNamespace);
                if (fromOutside) {
                    Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
                    reachable.add(isNullOrEmpty(selector) ? "every pod" : selector.get("app.kubernetes.io/name"));
                }
            }
        }
        assertThat(reachable).as("pods reachable from outside the namespace").isEqualTo(EXPOSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyConfigMapSettingIsARealSetting(String overlay) throws Exception {
        List<Pattern> documented = documentedEnvironmentVariables();
        for (ConfigMap configMap : all(overlay, ConfigMap.class)) {
            for (String key : configMap.getData().keySet()) {
                assertThat(documented).as("%s in ConfigMap %s is in docs/configuration.md", key, configMap.getMetadata().getName())
                        .anyMatch(p -> p.matcher(key).matches());
            }
        }
    }

    @Test
    void kedaScalesEachWorkerOnItsCommandTopicBoundedByPartitions() throws Exception {
        Map<String, Integer> partitions = topicsConf().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Integer.parseInt(e.getValue().get(0))));
        List<Map<String, Object>> scaled = RENDERED.get("overlays/prod").stream()
                .filter(d -> "ScaledObject".equals(d.get("kind"))).toList();
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> object : scaled) {
            Map<String, Object> spec = map(object.get("spec"));
            String target = String.valueOf(map(spec.get("scaleTargetRef")).get("name"));
            targets.add(target);
            Properties properties = applicationProperties(target);
            String channel = target.equals("provisioner") ? "provision-commands" : "deploy-commands";
            String topic = properties.getProperty("mp.messaging.incoming." + channel + ".topic");
            List<String> topics = topic != null ? List.of(topic)
                    : List.of(properties.getProperty("mp.messaging.incoming." + channel + ".topics").split(","));
            String group = resolve(properties, properties.getProperty("mp.messaging.incoming." + channel + ".group.id"));
            for (Object trigger : (List<?>) spec.get("triggers")) {
                Map<String, Object> metadata = map(map(trigger).get("metadata"));
                assertThat(map(trigger).get("type")).isEqualTo("kafka");
                assertThat(metadata).as("%s trigger", target).containsEntry("consumerGroup", group);
                if (topic != null) {
                    assertThat(metadata).as("%s trigger", target).containsEntry("topic", topic);
                } else {
                    // several topics: without a topic KEDA sums the lag of every topic the group consumes
                    assertThat(metadata).as("%s trigger over %s", target, topics).doesNotContainKey("topic");
                }
            }
            for (String each : topics) {
                assertThat(((Number) spec.get("maxReplicaCount")).intValue()).as("%s maxReplicaCount vs partitions of %s", target, each)
                        .isLessThanOrEqualTo(partitions.get(each.trim()));
            }
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(WORKERS);
    }

    @Test
    void strimziTopicsAreTheRepositorysTopics() throws Exception {
        Map<String, List<String>> expected = topicsConf();
        Map<String, List<String>> actual = new TreeMap<>();
        for (Map<String, Object> topic : RENDERED.get("kafka/strimzi")) {
            if (!"KafkaTopic".equals(topic.get("kind"))) {
                continue;
            }
            Map<String, Object> spec = map(topic.get("spec"));
            List<String> definition = new ArrayList<>();
            definition.add(String.valueOf(spec.get("partitions")));
            // kustomize sorts keys: compare the configs as a sorted list.
            map(spec.get("config")).forEach((k, v) -> definition.add(k + "=" + v));
            definition.subList(1, definition.size()).sort(null);
            actual.put(String.valueOf(spec.get("topicName")), definition);
        }
        assertThat(actual).isEqualTo(new TreeMap<>(expected));
    }

    @Test
    void kafkaUsersGrantWhatEachServiceReadsAndWrites() throws Exception {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Map<String, Object> user : RENDERED.get("kafka/strimzi")) {
            if (!"KafkaUser".equals(user.get("kind"))) {
                continue;
            }
            Set<String> grants = new TreeSet<>();
            for (Object acl : (List<?>) map(map(map(user.get("spec")).get("authorization"))).get("acls")) {
                Map<String, Object> resource = map(map(acl).get("resource"));
                for (Object operation : (List<?>) map(acl).get("operations")) {
                    grants.add(resource.get("type") + ":" + resource.get("name")
                            + ("prefix".equals(resource.get("patternType")) ? "*" : "") + ":" + operation);
                }
            }
            granted.put(String.valueOf(map(user.get("metadata")).get("name")), grants);
        }
        List<String> users = new ArrayList<>(SERVICES);
        users.add("upstream-ci");
        assertThat(granted.keySet()).containsExactlyInAnyOrderElementsOf(users);
        for (String service : SERVICES) {
            assertThat(granted.get(service)).as("ACLs of %s", service).isEqualTo(neededAcls(service));
        }
        // The example upstream CI principal: publish deployment commands to its own topic, follow the events, nothing more.
        assertThat(granted.get("upstream-ci")).containsExactlyInAnyOrder("topic:weft.commands.deploy.from.upstream-ci:Write",
                "topic:weft.commands.deploy.from.upstream-ci:Describe", "topic:weft.job-events:Read", "topic:weft.job-events:Describe",
                "group:upstream-ci*:Read");
    }

    @Test
    void generatedKafkaResourcesAreUpToDate() throws Exception {
        Path out = Files.createTempDirectory("weft-kafka");
        run(List.of("bash", K8S.resolve("kafka/generate.sh").toString(), out.toString()));
        for (String file : List.of("strimzi/topics.yaml", "strimzi/users.yaml", "scripts/create-topics.sh", "scripts/create-acls.sh")) {
            assertThat(Files.readString(K8S.resolve("kafka/" + file))).as("%s: run deploy/kubernetes/kafka/generate.sh", file)
                    .isEqualTo(Files.readString(out.resolve(file)));
        }
    }

    // ---- what the services' configuration says ----------------------------------------------------------------

    /** The ACLs a service needs, from the channels of its application.properties (test profile excluded). */
    private static Set<String> neededAcls(String service) throws IOException {
        Properties properties = applicationProperties(service);
        Set<String> needed = new TreeSet<>();
        Pattern channel = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(topic|topics|group\\.id|dead-letter-queue\\.topic)");
        for (String key : properties.stringPropertyNames()) {
            Matcher m = channel.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String value = resolve(properties, properties.getProperty(key));
            boolean incoming = m.group(1).equals("incoming");
            switch (m.group(3)) {
                case "topic", "topics" -> {
                    for (String topic : value.split(",")) {
                        needed.add("topic:" + topic.trim() + ":" + (incoming ? "Read" : "Write"));
                        needed.add("topic:" + topic.trim() + ":Describe");
                    }
                }
                case "dead-letter-queue.topic" -> {
                    needed.add("topic:" + value + ":Write");
                    needed.add("topic:" + value + ":Describe");
                }
                default -> needed.add("group:" + value.replace("${quarkus.uuid}", "*") + ":Read");
            }
        }
        return needed;
    }

    private static String resolve(Properties properties, String value) {
        return value.replace("${quarkus.application.name}", properties.getProperty("quarkus.application.name"));
    }

    /** weft.worker.stop-timeout's default, read from WorkerConfig, unless a service's application.properties sets it. */
    private static Duration workerStopTimeout() throws IOException {
        String source = Files.readString(REPO.resolve("worker-support/src/main/java/io/weft/support/jobs/WorkerConfig.java"));
        Matcher m = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s+Duration\\s+stopTimeout\\(\\)").matcher(source);
        assertThat(m.find()).as("WorkerConfig.stopTimeout default").isTrue();
        Duration longest = duration(m.group(1));
        for (String worker : WORKERS) {
            String set = applicationProperties(worker).getProperty("weft.worker.stop-timeout");
            if (set != null && duration(set).compareTo(longest) > 0) {
                longest = duration(set);
            }
        }
        return longest;
    }

    /** The environment variables of docs/configuration.md's tables; a `*` there stands for a map key. */
    private static List<Pattern> documentedEnvironmentVariables() throws IOException {
        List<Pattern> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(REPO.resolve("docs/configuration.md"))) {
            String[] cells = line.split("\\|");
            if (line.startsWith("|") && cells.length > 2) {
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9_*]+)`").matcher(cells[2]);
                while (m.find()) {
                    patterns.add(Pattern.compile(Pattern.quote(m.group(1)).replace("*", "\\E[A-Z0-9_]+\\Q")));
                }
            }
        }
        assertThat(patterns).hasSizeGreaterThan(50);
        return patterns;
    }

    /** deploy/topics/topics.conf: name to [partitions, config=value ...]. */
    private static Map<String, List<String>> topicsConf() throws IOException {
        Map<String, List<String>> topics = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REPO.resolve("deploy/topics/topics.conf"))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields = List.of(trimmed.split("\\s+"));
            List<String> definition = new ArrayList<>(fields.subList(1, fields.size()));
            definition.subList(1, definition.size()).sort(null);
            topics.put(fields.get(0), definition);
        }
        return topics;
    }

    private static Properties applicationProperties(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(REPO.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("%")).forEach(properties::remove);
        return properties;
    }

    private static Duration duration(String value) {
        String v = value.strip();
        if (v.startsWith("P")) {
            return Duration.parse(v);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(v);
        assertThat(m.matches()).as("a duration: %s", value).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (Objects.requireNonNullElse(m.group(2), "s")) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    // ---- rendering and parsing -----------------------------------------------------------------------------------

    private static List<Map<String, Object>> kustomize(Path dir) throws Exception {
        String rendered = run(List.of("kubectl", "kustomize", dir.toString()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        assertThat(documents).as("documents rendered from %s", dir).isNotEmpty();
        return documents;
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }

    private static HasMetadata parse(Map<String, Object> document) throws IOException {
        Object parsed = SERIALIZATION.unmarshal(JSON.writeValueAsString(document));
        assertThat(parsed).as("%s parsed", document.get("kind")).isInstanceOf(HasMetadata.class);
        return (HasMetadata) parsed;
    }

    private static <T extends HasMetadata> List<T> all(String dir, Class<T> type) throws IOException {
        List<T> found = new ArrayList<>();
        for (Map<String, Object> document : RENDERED.get(dir)) {
            HasMetadata parsed = parse(document);
            if (type.isInstance(parsed)) {
                found.add(type.cast(parsed));
            }
        }
        return found;
    }

    private static <T extends HasMetadata> T named(String dir, Class<T> type, String name) throws IOException {
        return all(dir, type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " in " + dir));
    }

    /** The ConfigMap of that name that the service's Deployment takes its environment from. */
    private static Map<String, String> configMap(String overlay, String name) throws IOException {
        return named(overlay, ConfigMap.class, name).getData();
    }

    private static boolean isNullOrEmpty(Object value) {
        return value == null || (value instanceof Map<?, ?> m && m.isEmpty()) || (value instanceof List<?> l && l.isEmpty());
    }

    private static boolean outsideTheNamespace(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() != null || peer.getIpBlock() != null;
    }

    private static String path(Probe probe) {
        return probe.getHttpGet() == null ? null : probe.getHttpGet().getPath();
    }

    /** Walks a parsed model object: every fabric8 object on the way must have no additionalProperties. */
    private static void unknownFields(String where, Object value, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(where + "[" + i + "]", list.get(i), problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(where + "." + k, v, problems));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(where + "." + method.getName(), e);
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(where + ": unknown fields " + extra.keySet());
                }
            } else {
                unknownFields(where + "." + method.getName().substring(3), child, problems);
            }
        }
    }

    /** Checks a custom resource against its allowed fields (crd-fields.yaml). */
    private static void checkFields(String where, Object value, Object shape, List<String> problems) {
        if (shape instanceof String leaf) {
            boolean ok = switch (leaf) {
                case "str" -> value instanceof String;
                case "int" -> value instanceof Integer || value instanceof Long;
                case "strmap" -> value instanceof Map<?, ?> m && m.keySet().stream().allMatch(String.class::isInstance)
                        && m.values().stream().allMatch(String.class::isInstance);
                case "meta" -> value instanceof Map;
                default -> throw new AssertionError("crd-fields.yaml: unknown leaf " + leaf);
            };
            if (!ok) {
                problems.add(where + ": expected " + leaf + ", got " + value);
            }
        } else if (shape instanceof List<?> listShape) {
            if (!(value instanceof List<?> list)) {
                problems.add(where + ": expected a list, got " + value);
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                checkFields(where + "[" + i + "]", list.get(i), listShape.get(0), problems);
            }
        } else {
            Map<String, Object> fields = map(shape);
            if (!(value instanceof Map<?, ?> object)) {
                problems.add(where + ": expected an object, got " + value);
                return;
            }
            object.forEach((k, v) -> {
                if (!fields.containsKey(String.valueOf(k))) {
                    problems.add(where + ": unknown field " + k);
                } else {
                    checkFields(where + "." + k, v, fields.get(String.valueOf(k)), problems);
                }
            });
        }
    }

    private static Map<String, Object> crdFields() throws IOException {
        try (var in = KubernetesManifestsTest.class.getResourceAsStream("/crd-fields.yaml")) {
            return map(new Yaml().load(in));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
