package io.weft.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system as separate processes, started by the README's run command ({@code deploy/local/run.sh})
 * on ports of its own: a standalone Kafka broker, PostgreSQL, the Fabric emulator and the four packaged
 * services. The demo (a scenario upload, a dev and a prod semantic model deployment, a pipeline run) must succeed, the
 * emulator must hold the items, and the tracker must show every job succeeded.
 */
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();
    private static final Path LOCAL_DIR = REPO.resolve("local-stack/target/e2e");
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("LOCAL_STACK_DIR", LOCAL_DIR.toString()),
            Map.entry("LOCAL_STACK_SKIP_BUILD", "1"),
            Map.entry("KAFKA_PORT", "19192"),
            Map.entry("KAFKA_CONTROLLER_PORT", "19193"),
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
    void demoSucceeds() {
        assertThat(exitCode).as("run.sh exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("Demo succeeded");
    }

    @Test
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
     * through Kafka, the provisioner's job and every Fabric call it made (with Fabric's request id), and the tracker
     * reading the job's messages.
     */
    @Test
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
                .anyMatch(name -> name.endsWith("/tables/{tablename}/load"));
        assertThat(fabricCalls).as("every Fabric call carries Fabric's request id")
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
     * No secret and no token in any log line, job status, job event or error of the whole run, including a failed
     * job and a storm of refused tokens: the client secrets the stack was started with, a token the tenant issued,
     * a forged token's marker, or anything shaped like a JWT.
     */
    @Test
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

        StringBuilder seen = new StringBuilder();
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

        assertThat(everything).as("the run left logs and jobs to scan").contains(failedJob).contains("SUCCEEDED");
        for (String secret : List.of(ENV.get("FABRIC_EMULATOR_CLIENT_SECRET"), ENV.get("LOCAL_STACK_DEMO_CLIENT_SECRET"), token, marker)) {
            assertThat(everything).as("a secret or token in the logs, jobs or events").doesNotContain(secret);
        }
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
