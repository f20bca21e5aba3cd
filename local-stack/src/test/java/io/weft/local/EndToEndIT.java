package io.weft.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole system as separate processes, started by the README's run command ({@code deploy/local/run.sh})
 * on ports of its own: a standalone Kafka broker, PostgreSQL, the Fabric emulator and the four packaged
 * services. The demo (a scenario upload, a dev and a prod semantic model deployment, a pipeline run) must succeed, the
 * emulator must hold the items, and the tracker must show every job succeeded. In that order: the later tests add jobs
 * (one published straight to Kafka, one that fails) and records the workers refuse.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();
    private static final Path LOCAL_DIR = REPO.resolve("local-stack/target/e2e");
    private static final Path KAFKA_CREDENTIALS = LOCAL_DIR.resolve("kafka/credentials");
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("LOCAL_STACK_DIR", LOCAL_DIR.toString()),
            Map.entry("LOCAL_STACK_SKIP_BUILD", "1"),
            Map.entry("KAFKA_PORT", "19192"),
            Map.entry("KAFKA_CONTROLLER_PORT", "19193"),
            Map.entry("KAFKA_UPSTREAM_PORT", "19194"),
            Map.entry("LOCAL_STACK_TRACKER_PORT", "18180"),
            Map.entry("LOCAL_STACK_GATEWAY_PORT", "18181"),
            Map.entry("LOCAL_STACK_PROVISIONER_PORT", "18182"),
            Map.entry("LOCAL_STACK_DEPLOYER_PORT", "18183"),
            Map.entry("LOCAL_STACK_EMULATOR_PORT", "18543"),
            Map.entry("LOCAL_STACK_PROMETHEUS_PORT", "19090"),
            Map.entry("LOCAL_STACK_ZIPKIN_PORT", "19411"),
            Map.entry("LOCAL_STACK_DATABASE", "weft_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)),
            Map.entry("FABRIC_EMULATOR_CLIENT_SECRET", UUID.randomUUID().toString()),
            Map.entry("LOCAL_STACK_DEMO_CLIENT_SECRET", UUID.randomUUID().toString()));

    private static int exitCode;
    private static String output;

    @BeforeAll
    static void runTheDemo() throws Exception {
        Files.createDirectories(LOCAL_DIR);
        // A fresh broker each run, so that a rerun in the same checkout does not fold an earlier run's jobs again.
        Path kafkaData = LOCAL_DIR.resolve("kafka/data");
        if (Files.exists(kafkaData)) {
            try (var paths = Files.walk(kafkaData)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Path log = LOCAL_DIR.resolve("run.out");
        ProcessBuilder run = new ProcessBuilder(REPO.resolve("deploy/local/run.sh").toString())
                .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        run.environment().putAll(ENV);
        Process process = run.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroy();
        }
        exitCode = finished ? process.exitValue() : -1;
        output = Files.readString(log);
        if (exitCode != 0) {
            output += logTails(LOCAL_DIR.resolve("logs"));
        }
        System.out.println(output);
    }

    /** The last lines of every log of the stack, so that a failure in CI can be read from the report alone. */
    private static String logTails(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return "%n(no logs in %s)%n".formatted(logs);
        }
        StringBuilder tails = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                tails.append("%n--- last lines of %s ---%n".formatted(file.getFileName()));
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(line -> tails.append(line).append('\n'));
            }
        }
        return tails.toString();
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        ProcessBuilder stop = new ProcessBuilder(REPO.resolve("deploy/local/stop.sh").toString()).inheritIO();
        stop.environment().putAll(ENV);
        stop.start().waitFor(2, TimeUnit.MINUTES);
        ProcessBuilder drop = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                "DROP DATABASE IF EXISTS " + ENV.get("LOCAL_STACK_DATABASE") + " WITH (FORCE)").inheritIO();
        drop.start().waitFor(1, TimeUnit.MINUTES);
    }

    @Test
    @Order(1)
    void demoSucceeds() {
        assertThat(exitCode).as("run.sh exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("Demo succeeded");
    }

    @Test
    @Order(2)
    void trackerShowsEveryJobSucceeded() throws Exception {
        JsonNode page = get(probe().weftToken(), "http://127.0.0.1:" + ENV.get("LOCAL_STACK_TRACKER_PORT") + "/api/v1/jobs?limit=50");
        List<JsonNode> jobs = new ArrayList<>();
        page.path("items").forEach(jobs::add);

        assertThat(jobs).extracting(job -> job.path("kind").asText())
                .containsExactlyInAnyOrder("graph-scenario", "semantic-model", "semantic-model", "workspace", "item-job",
                        "semantic-model-refresh", "semantic-model", "stage-promotion", "stage-promotion", "stage-promotion");
        // the model deployed to dev from the example environments file, then promoted through the pipeline to qa and prod
        assertThat(jobs).filteredOn(job -> job.path("kind").asText().equals("semantic-model") && job.path("result").hasNonNull("environment"))
                .extracting(job -> job.path("result").path("environment").asText() + " -> " + job.path("result").path("workspaceName").asText())
                .containsExactly("dev -> Sales Dev");
        assertThat(jobs).filteredOn(job -> job.path("kind").asText().equals("stage-promotion"))
                .extracting(job -> (job.path("result").path("planned").asBoolean() ? "plan " : "") + job.path("result").path("sourceStage").asText()
                        + " -> " + job.path("result").path("targetStage").asText() + " in " + job.path("result").path("targetWorkspace").asText())
                .containsExactlyInAnyOrder("plan Development -> Test in Sales QA", "Development -> Test in Sales QA",
                        "Test -> Production in Sales Analytics");
        assertThat(jobs).filteredOn(job -> job.path("result").path("planned").asBoolean())
                .singleElement().satisfies(plan -> assertThat(plan.path("result").path("plan").get(0).path("action").asText())
                        .isEqualTo("create"));
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.path("lifecycle").asText()).isEqualTo("COMPLETED");
            assertThat(job.path("outcome").asText()).isEqualTo("SUCCEEDED");
        });
    }

    @Test
    @Order(3)
    void emulatorHoldsTheItems() throws Exception {
        FabricProbe fabric = probe();
        List<JsonNode> items = fabric.items(fabric.ensureWorkspace("Weft Demo"));

        assertThat(items).extracting(item -> item.path("type").asText())
                .contains("Lakehouse", "Ontology", "GraphModel", "SemanticModel", "DataPipeline");
        assertThat(items).filteredOn(item -> item.path("type").asText().equals("SemanticModel"))
                .extracting(item -> item.path("displayName").asText())
                .as("the prod model and one dev model")
                .anyMatch(name -> name.equals("Sales"))
                .anyMatch(name -> name.matches("Sales_\\d{8}T\\d{6}Z"));
    }

    /**
     * One upload is one trace in the stack's Zipkin, read through Zipkin's API: the gateway's request, its command
     * through Kafka, the provisioner's job and every Fabric and OneLake call it made (with the request id), and the tracker
     * reading the job's messages.
     */
    @Test
    @Order(4)
    void anUploadIsOneTraceFromTheRequestThroughKafkaToEveryFabricCall() throws Exception {
        String token = probe().weftToken();
        String tracker = "http://127.0.0.1:" + ENV.get("LOCAL_STACK_TRACKER_PORT");
        JsonNode uploads = get(token, tracker + "/api/v1/jobs?kind=graph-scenario").path("items");
        assertThat(uploads).as("the demo's upload job").hasSize(1);
        String upload = uploads.get(0).path("id").asText();
        String zipkin = "http://127.0.0.1:" + ENV.get("LOCAL_STACK_ZIPKIN_PORT") + "/api/v2/traces?limit=10&annotationQuery="
                + java.net.URLEncoder.encode("weft.job.id=" + upload, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode[] traces = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(zipkin)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            traces[0] = JSON.readTree(answer.body());
            return answer.statusCode() == 200 && traces[0].size() == 1 && spans(traces[0].get(0), "provisioner", "CLIENT").size() > 3
                    && !spans(traces[0].get(0), "job-tracker", "CONSUMER").isEmpty();
        });

        JsonNode trace = traces[0].get(0);
        assertThat(spans(trace, "upload-gateway", "SERVER")).extracting(span -> span.path("name").asText()).contains("post /api/v1/uploads");
        assertThat(spans(trace, "upload-gateway", "PRODUCER")).extracting(span -> span.path("name").asText())
                .contains("weft.commands.provision publish");
        assertThat(spans(trace, "provisioner", "CONSUMER")).extracting(span -> span.path("name").asText())
                .contains("weft.commands.provision receive");
        List<JsonNode> fabricCalls = spans(trace, "provisioner", "CLIENT");
        assertThat(fabricCalls).extracting(span -> span.path("name").asText())
                .contains("fabric post /workspaces/{workspaceid}/lakehouses", "fabric post /workspaces/{workspaceid}/ontologies")
                .anyMatch(name -> name.endsWith("/tables/{tablename}/load"))
                .as("the OneLake DFS requests of the upload (Zipkin lowercases names)")
                .contains("onelake put /{workspace}/{path}?resource=file", "onelake patch /{workspace}/{path}?action=append",
                        "onelake patch /{workspace}/{path}?action=flush");
        assertThat(fabricCalls).as("every Fabric and OneLake call carries the service's request id")
                .allSatisfy(span -> assertThat(span.path("tags").path("fabric.request_id").asText()).isNotBlank());
        assertThat(spans(trace, "provisioner", null)).filteredOn(span -> span.path("name").asText().equals("job graph-scenario"))
                .singleElement().satisfies(span -> assertThat(span.path("tags").path("weft.job.id").asText()).isEqualTo(upload));
        assertThat(trace).extracting(span -> span.path("traceId").asText()).containsOnly(trace.get(0).path("traceId").asText());
    }

    private static List<JsonNode> spans(JsonNode trace, String service, String kind) {
        List<JsonNode> spans = new ArrayList<>();
        trace.forEach(span -> {
            if (span.path("localEndpoint").path("serviceName").asText().equals(service)
                    && (kind == null ? !span.has("kind") : kind.equals(span.path("kind").asText()))) {
                spans.add(span);
            }
        });
        return spans;
    }

    /**
     * The broker authenticates every client and grants each principal only what acls.conf lists. The example
     * upstream CI user publishes a deployment to its own topic with the model-deployer README's kcat block, exactly as
     * written there, and the tracker names it the job's requester, whatever the command claims; it reads
     * weft.job-events; it is refused publishing to weft.commands.provision and to the gateway's weft.commands.deploy,
     * reading weft.commands.deploy and reading in a group that is not its own; a wrong password is refused.
     */
    @Test
    @Order(5)
    void kafkaGrantsEachPrincipalOnlyWhatItsAclsList() throws Exception {
        String token = probe().weftToken();
        String tracker = "http://127.0.0.1:" + ENV.get("LOCAL_STACK_TRACKER_PORT");
        java.util.regex.Matcher example = java.util.regex.Pattern.compile("<!-- kcat-example:start -->\\s*```bash\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(Files.readString(REPO.resolve("model-deployer/README.md")));
        assertThat(example.find()).as("the kcat example in model-deployer/README.md").isTrue();
        String jobId = UUID.randomUUID().toString();
        ProcessBuilder kcat = new ProcessBuilder("bash", "-euo", "pipefail", "-c", example.group(1)).redirectErrorStream(true);
        kcat.environment().putAll(Map.of("KAFKA_CONFIG", KAFKA_CREDENTIALS.resolve("upstream-ci.kcat.conf").toString(),
                "WORKSPACE", "Weft Demo", "MODEL_DIR", REPO.resolve("examples/semantic-models/Sales").toString(), "JOB_ID", jobId));
        Process published = kcat.start();
        assertThat(published.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String kcatOutput = new String(published.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(published.exitValue()).as(kcatOutput).isZero();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(get(token, tracker + "/api/v1/jobs/" + jobId).path("outcome").asText()).isEqualTo("SUCCEEDED"));
        JsonNode requester = get(token, tracker + "/api/v1/jobs/" + jobId).path("request").path("requestedBy");
        assertThat(requester.path("name").asText()).isEqualTo("upstream-ci");
        assertThat(requester.path("type").asText()).isEqualTo("KafkaPrincipal");
        ProcessBuilder forbidden = new ProcessBuilder("bash", "-c", "printf '{}' | kcat -F \"$KAFKA_CONFIG\" -P -t weft.commands.provision -k 'Weft Demo'")
                .redirectErrorStream(true);
        forbidden.environment().put("KAFKA_CONFIG", KAFKA_CREDENTIALS.resolve("upstream-ci.kcat.conf").toString());
        Process refused = forbidden.start();
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .as("kcat as upstream-ci publishing to weft.commands.provision").contains("Topic authorization failed");
        assertThat(refused.exitValue()).isNotZero();

        try (KafkaConsumer<String, String> events = consumer(kafkaClient("upstream-ci"), "upstream-ci-e2e")) {
            events.subscribe(List.of("weft.job-events"));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                events.poll(Duration.ofMillis(500)).forEach(read::add);
                return read.stream().anyMatch(record -> jobId.equals(record.key()));
            });
        }
        try (KafkaProducer<String, String> producer = producer(kafkaClient("upstream-ci"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("weft.commands.provision", "Weft Demo", "{}")).get(30, TimeUnit.SECONDS))
                    .as("upstream-ci publishing to weft.commands.provision").hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("weft.commands.deploy", "Weft Demo", "{}")).get(30, TimeUnit.SECONDS))
                    .as("upstream-ci publishing to the gateway's topic, where it could claim to be anyone")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> commands = consumer(kafkaClient("upstream-ci"), "upstream-ci-e2e-commands")) {
            commands.subscribe(List.of("weft.commands.deploy"));
            assertThatThrownBy(() -> commands.poll(Duration.ofSeconds(30))).as("upstream-ci reading weft.commands.deploy")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> borrowedGroup = consumer(kafkaClient("upstream-ci"), "model-deployer")) {
            borrowedGroup.subscribe(List.of("weft.job-events"));
            assertThatThrownBy(() -> borrowedGroup.poll(Duration.ofSeconds(30))).as("upstream-ci reading in the model-deployer's group")
                    .isInstanceOf(GroupAuthorizationException.class);
        }
        Properties wrongPassword = kafkaClient("upstream-ci");
        wrongPassword.put("sasl.jaas.config", wrongPassword.getProperty("sasl.jaas.config").replaceAll("password=\"[^\"]*\"", "password=\"not-the-password\""));
        try (KafkaProducer<String, String> producer = producer(wrongPassword)) {
            assertThatThrownBy(() -> producer.partitionsFor("weft.commands.deploy")).as("a wrong password")
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** A client of the local stack's broker as {@code user}, from the config the stack wrote for it. */
    private static Properties kafkaClient(String user) throws IOException {
        Properties config = new Properties();
        try (var reader = Files.newBufferedReader(KAFKA_CREDENTIALS.resolve(user + ".properties"))) {
            config.load(reader);
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return config;
    }

    private static String bootstrap() {
        return "127.0.0.1:" + ENV.get("KAFKA_PORT");
    }

    private static KafkaConsumer<String, String> consumer(Properties config, String group) {
        Properties consumer = new Properties();
        consumer.putAll(config);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer(Properties config) {
        Properties producer = new Properties();
        producer.putAll(config);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
    }

    /**
     * No secret and no token in any log line, job status, job event, error or dead-letter record (value and headers)
     * of the whole run, including a failed job, a record the deployer refuses and a storm of refused tokens: the client
     * secrets the stack was started with, the vault reader's secret, every Kafka password, a token the tenant issued,
     * a forged token's marker, or anything shaped like a JWT.
     */
    @Test
    @Order(6)
    void noSecretOrTokenLeaksIntoLogsJobsEventsOrErrors() throws Exception {
        FabricProbe fabric = probe();
        String token = fabric.weftToken();
        String marker = "leakmarker" + UUID.randomUUID().toString().replace("-", "");
        String forged = b64("{\"alg\":\"RS256\",\"kid\":\"" + marker + "\"}") + "." + b64("{\"sub\":\"" + marker + "\"}") + "." + marker;
        String gateway = "http://127.0.0.1:" + ENV.get("LOCAL_STACK_GATEWAY_PORT");
        String tracker = "http://127.0.0.1:" + ENV.get("LOCAL_STACK_TRACKER_PORT");
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 25; i++) {
            for (String url : List.of(gateway + "/api/v1/refreshes", tracker + "/api/v1/jobs")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + forged);
                HttpResponse<String> refused = http.send(url.startsWith(gateway) ? request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build() : request.GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(url).isEqualTo(401);
            }
        }
        // A job that fails: a refresh of a model that is not there.
        HttpResponse<String> failing = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/refreshes"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workspace\":\"Weft Demo\",\"modelName\":\"No Such Model\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(202);
        String failedJob = JSON.readTree(failing.body()).path("jobId").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                "FAILED".equals(get(token, tracker + "/api/v1/jobs/" + failedJob).path("outcome").asText()));

        // A record the deployer cannot read, published by the upstream CI user: it goes to the dead-letter topic.
        try (KafkaProducer<String, String> producer = producer(kafkaClient("upstream-ci"))) {
            producer.send(new ProducerRecord<>("weft.commands.deploy.from.upstream-ci", "Weft Demo", "not a command " + marker))
                    .get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> deadLetters = new ArrayList<>();
        Properties admin = new Properties();
        try (var reader = Files.newBufferedReader(LOCAL_DIR.resolve("kafka/admin.properties"))) {
            admin.load(reader);
        }
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaConsumer<String, String> dlq = consumer(admin, "e2e-leak-scan")) {
            dlq.subscribe(List.of("weft.commands.deploy.dlq", "weft.commands.provision.dlq"));
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                dlq.poll(Duration.ofMillis(500)).forEach(deadLetters::add);
                return deadLetters.stream().anyMatch(record -> record.value() != null && record.value().contains(marker));
            });
        }

        StringBuilder seen = new StringBuilder();
        for (ConsumerRecord<String, String> record : deadLetters) {
            seen.append(record.value());
            for (Header header : record.headers()) {
                seen.append(header.key()).append('=').append(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        try (var files = Files.walk(LOCAL_DIR.resolve("logs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                seen.append(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        seen.append(Files.readString(LOCAL_DIR.resolve("run.out")));
        for (JsonNode job : get(token, tracker + "/api/v1/jobs?limit=500").path("items")) {
            String id = job.path("id").asText();
            seen.append(get(token, tracker + "/api/v1/jobs/" + id)).append(get(token, tracker + "/api/v1/jobs/" + id + "/events"));
        }
        String everything = seen.toString();

        assertThat(everything).as("the run left logs, jobs and dead letters to scan").contains(failedJob).contains("SUCCEEDED")
                .contains("dead-letter-reason");
        List<String> secrets = new ArrayList<>(List.of(ENV.get("FABRIC_EMULATOR_CLIENT_SECRET"), ENV.get("LOCAL_STACK_DEMO_CLIENT_SECRET"),
                Files.readString(LOCAL_DIR.resolve("secrets-client-secret")).trim(), Files.readString(LOCAL_DIR.resolve("demo-user-password")).trim(),
                Files.readString(LOCAL_DIR.resolve("kafka/admin.password")).trim(), token));
        try (var passwords = Files.list(KAFKA_CREDENTIALS)) {
            for (Path file : passwords.filter(file -> file.toString().endsWith(".password")).toList()) {
                secrets.add(Files.readString(file).trim());
            }
        }
        assertThat(secrets).as("the secrets to look for: 3 client secrets, the demo user's, the Kafka admin's and 5 users' passwords, a token").hasSize(11)
                .allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(15));
        for (String secret : secrets) {
            assertThat(everything).as("a secret or token in the logs, jobs, events or dead letters").doesNotContain(secret);
        }
        // the forged token's marker is in the dead letter's value, as the producer wrote it; nowhere else
        assertThat(everything.replace("not a command " + marker, "")).as("the forged token's marker").doesNotContain(marker);
        assertThat(java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}").matcher(everything).find())
                .as("something shaped like a JWT in the logs, jobs or events").isFalse();
    }

    private static String b64(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The demo's own view of the stack: the emulator as the Fabric client, Weft's API as the demo client. */
    private static FabricProbe probe() throws IOException {
        String emulator = "https://127.0.0.1:" + ENV.get("LOCAL_STACK_EMULATOR_PORT");
        return new FabricProbe(new DemoOptions(null, null, emulator, LOCAL_DIR.resolve("emulator/emulator-certificate.pem"),
                "weft-local-tenant", "weft-local", ENV.get("FABRIC_EMULATOR_CLIENT_SECRET"), null, null, "Weft Demo",
                Duration.ofMinutes(1), null, "7e57c11e-0000-4000-8000-00000000a0a1", "weft-demo-client", ENV.get("LOCAL_STACK_DEMO_CLIENT_SECRET"), null));
    }

    private static JsonNode get(String token, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
