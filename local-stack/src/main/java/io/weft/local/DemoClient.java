package io.weft.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The demo of the local stack: uploads the sample scenario through the gateway, deploys the sample semantic
 * model in dev mode and then in prod mode, follows the jobs in the tracker with live progress, and lists the
 * Fabric items the emulator holds at the end. Exits 1 if a job did not succeed.
 */
public final class DemoClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FabricProbe fabric;
    private final ProgressView view;

    DemoClient(DemoOptions options) throws IOException {
        this.options = options;
        this.fabric = new FabricProbe(options);
        this.view = new ProgressView(System.out, System.console() != null);
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options = DemoOptions.parse(args);
        System.exit(new DemoClient(options).run() ? 0 : 1);
    }

    /** Runs the demo; true when every job succeeded. */
    public boolean run() throws Exception {
        Instant started = Instant.now();
        String workspaceId = fabric.ensureWorkspace(options.workspace());
        System.out.printf("Workspace '%s' (%s)%n", options.workspace(), workspaceId);

        Path archive = Archives.tarGz(options.scenario(), Files.createTempFile("weft-demo-", ".tar.gz"));
        List<String> jobs = new ArrayList<>();
        jobs.add(submitUpload(archive));
        Files.deleteIfExists(archive);
        String devJob = submitDeployment("dev", false);
        jobs.add(devJob);
        // Prod after dev, as a team would promote: the prod job overwrites the model of an earlier run only
        // because the demo confirms it.
        Map<String, JsonNode> finals = new LinkedHashMap<>(follow(List.of(jobs.get(0), devJob)));
        String prodJob = submitDeployment("prod", true);
        jobs.add(prodJob);
        finals.putAll(follow(List.of(prodJob)));

        boolean allSucceeded = finals.values().stream().allMatch(job -> "SUCCEEDED".equals(job.path("outcome").asText()));
        System.out.println();
        for (JsonNode job : finals.values()) {
            System.out.printf("%-9s %-26s %s%n", job.path("outcome").asText(), job.path("kind").asText(), job.path("id").asText());
            if (job.hasNonNull("error")) {
                System.out.printf("          %s%n", describeError(job.get("error")));
            }
        }
        System.out.println();
        System.out.println("Fabric items in the emulator's workspace '" + options.workspace() + "':");
        for (JsonNode item : fabric.items(workspaceId)) {
            System.out.printf("  %-14s %-40s %s%n", item.path("type").asText(), item.path("displayName").asText(), item.path("id").asText());
        }
        System.out.printf("%nDemo %s in %.1f s (from the first request to the last job's end).%n",
                allSucceeded ? "succeeded" : "FAILED", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return allSucceeded;
    }

    private String submitUpload(Path archive) throws IOException, InterruptedException {
        Multipart body = new Multipart()
                .field("scenarioName", options.scenario().getFileName().toString())
                .field("workspace", options.workspace())
                .file("archive", archive, "application/gzip", options.scenario().getFileName() + ".tar.gz");
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.gateway() + "/api/v1/uploads"))
                .header("Content-Type", body.contentType())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(body.publisher()).build();
        return accepted("upload of " + options.scenario().getFileName(), http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private String submitDeployment(String mode, boolean confirmOverwrite) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("workspace", options.workspace())
                .put("modelName", options.model().getFileName().toString())
                .put("mode", mode)
                .put("confirmOverwrite", confirmOverwrite);
        ArrayNode parts = body.putArray("parts");
        try (Stream<Path> files = Files.walk(options.model())) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                parts.addObject()
                        .put("path", options.model().relativize(file).toString().replace('\\', '/'))
                        .put("payload", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.gateway() + "/api/v1/deployments"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return accepted(mode + " deployment of " + options.model().getFileName(), http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static String accepted(String what, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 202) {
            throw new IllegalStateException(what + " was refused: HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        String jobId = body.hasNonNull("jobId") ? body.get("jobId").asText() : body.path("id").asText();
        System.out.printf("Submitted %s: job %s%n", what, jobId);
        return jobId;
    }

    /** Polls the tracker until every job is COMPLETED, drawing their progress. */
    private Map<String, JsonNode> follow(List<String> jobIds) throws IOException, InterruptedException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(options.timeout());
        while (true) {
            for (String id : jobIds) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(options.tracker() + "/api/v1/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    latest.put(id, JSON.readTree(response.body()));
                }
            }
            view.draw(jobIds.stream().map(latest::get).toList());
            boolean done = latest.size() == jobIds.size()
                    && latest.values().stream().allMatch(job -> "COMPLETED".equals(job.path("lifecycle").asText()));
            if (done) {
                view.finish();
                return latest;
            }
            if (Instant.now().isAfter(deadline)) {
                view.finish();
                throw new IllegalStateException("jobs did not complete within " + options.timeout() + ": " + jobIds);
            }
            Thread.sleep(200);
        }
    }

    static String describeError(JsonNode error) {
        String text = "[" + error.path("code").asText() + "] " + error.path("message").asText();
        return error.hasNonNull("requestId") ? text + " (request id " + error.get("requestId").asText() + ")" : text;
    }
}
