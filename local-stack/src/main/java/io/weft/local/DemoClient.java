package io.weft.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.environments.ConnectionBinding;
import io.weft.contracts.environments.Environment;
import io.weft.contracts.environments.EnvironmentsParser;

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
 * model in dev mode and then in prod mode (refreshing it after the deployment, in the same job), runs a Data
 * Pipeline, refreshes two tables of the model on request, provisions the example workspace, deploys the model to the
 * first environment of the deployer's environments file and promotes it through a deployment pipeline to the others
 * (dev → qa → prod: each with its own parameter values and connection bindings; the first promotion planned before it
 * runs), follows the jobs in the tracker with live progress, and lists the
 * Fabric items the emulator holds at the end. Exits 1 if a job did not succeed.
 */
public final class DemoClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Data Pipeline the demo runs on demand. */
    static final String DEMO_PIPELINE = "nightly_sales_load";
    /** The deployment pipeline the demo promotes the model through: one stage per environment of the environments file. */
    static final String DEMO_RELEASE_PIPELINE = "Sales Release";

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
        fabric.ensureItem(workspaceId, "DataPipeline", DEMO_PIPELINE);
        String runJob = submitRun();
        jobs.add(runJob);
        // Prod after dev, as a team would promote: the prod job overwrites the model of an earlier run only
        // because the demo confirms it.
        Map<String, JsonNode> finals = new LinkedHashMap<>(follow(List.of(jobs.get(0), devJob, runJob)));
        // The prod deployment refreshes the model it deployed, as one job (its last steps); then a refresh of two of its
        // tables on request, as a scheduler would after a load, shows the per-table progress.
        String prodJob = submitDeployment("prod", true);
        jobs.add(prodJob);
        finals.putAll(follow(List.of(prodJob)));
        String refreshJob = submitRefresh();
        jobs.add(refreshJob);
        finals.putAll(follow(List.of(refreshJob)));
        if (options.workspaceExample() != null) {
            String workspaceJob = submitWorkspace(options.workspaceExample());
            jobs.add(workspaceJob);
            finals.putAll(follow(List.of(workspaceJob)));
        }

        if (options.environments() != null) {
            List<Environment> environments = new EnvironmentsParser().read(options.environments()).environments();
            java.util.LinkedHashMap<String, String> stages = new java.util.LinkedHashMap<>();
            for (Environment environment : environments) {
                stages.put(environment.stage(), prepare(environment));
            }
            fabric.ensurePipeline(DEMO_RELEASE_PIPELINE, stages);
            // The model is deployed to the first environment, then promoted through the pipeline in order, each step after
            // the one before it succeeded, as a release would go; the first promotion is planned (a dry run) before it runs.
            String job = submitDeployment(environments.get(0));
            jobs.add(job);
            finals.putAll(follow(List.of(job)));
            for (int i = 1; i < environments.size() && "SUCCEEDED".equals(finals.get(job).path("outcome").asText()); i++) {
                String from = environments.get(i - 1).name();
                String to = environments.get(i).name();
                if (i == 1) {
                    String plan = submitPromotion(from, to, true);
                    jobs.add(plan);
                    finals.putAll(follow(List.of(plan)));
                }
                job = submitPromotion(from, to, false);
                jobs.add(job);
                finals.putAll(follow(List.of(job)));
            }
        }

        boolean allSucceeded = finals.values().stream().allMatch(job -> "SUCCEEDED".equals(job.path("outcome").asText()));
        System.out.println();
        for (JsonNode job : finals.values()) {
            System.out.printf("%-9s %-26s %s%n", job.path("outcome").asText(), job.path("kind").asText(), job.path("id").asText());
            if (job.hasNonNull("error")) {
                System.out.printf("          %s%n", describeError(job.get("error")));
            }
            JsonNode refresh = job.path("result").path("refresh");
            if (refresh.isObject()) {
                System.out.printf("          refresh %s: %s%s%n", refresh.path("refreshId").asText(), refresh.path("status").asText(),
                        refresh.has("tables") ? " " + refresh.get("tables") : "");
            }
        }
        System.out.println();
        System.out.println("Fabric items in the emulator's workspace '" + options.workspace() + "':");
        for (JsonNode item : fabric.items(workspaceId)) {
            System.out.printf("  %-14s %-40s %s%n", item.path("type").asText(), item.path("displayName").asText(), item.path("id").asText());
        }
        for (JsonNode job : finals.values()) {
            if ("workspace".equals(job.path("kind").asText()) && job.path("result").has("workspace")) {
                showWorkspace(job.path("result"));
            }
        }
        showEnvironments(finals.values());
        System.out.printf("%nDemo %s in %.1f s (from the first request to the last job's end).%n",
                allSucceeded ? "succeeded" : "FAILED", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return allSucceeded;
    }

    /**
     * What an environment needs before Weft deploys to it and a team would already have: its workspace and the
     * connections its bindings name (made by a tenant administrator, never by Weft).
     */
    private String prepare(Environment environment) throws IOException, InterruptedException {
        String workspaceId = fabric.ensureWorkspace(environment.workspace());
        for (ConnectionBinding binding : environment.connections()) {
            fabric.ensureConnection(binding.connection(), binding.dataSourceType(), binding.dataSourcePath());
        }
        return workspaceId;
    }

    /** Promotes the sample model from one environment's stage to the next one's, or plans it (a dry run). */
    private String submitPromotion(String from, String to, boolean plan) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("pipeline", DEMO_RELEASE_PIPELINE).put("sourceStage", from).put("targetStage", to)
                .put("note", "Weft demo");
        body.putArray("items").addObject().put("itemType", "SemanticModel").put("name", options.model().getFileName().toString());
        HttpRequest request = gatewayRequest("/api/v1/promotions" + (plan ? "?plan=true" : ""))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return accepted((plan ? "plan of the promotion " : "promotion ") + from + " → " + to, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Deploys the sample model to an environment under its own name (prod mode, overwrite confirmed): a deployment
     * pipeline pairs items across stages by name, so the stage's model must not carry a dev timestamp.
     */
    private String submitDeployment(Environment environment) throws IOException, InterruptedException {
        ObjectNode body = deploymentBody("prod", true).put("environment", environment.name());
        return postDeployment(body, "deployment of " + options.model().getFileName() + " to environment " + environment.name());
    }

    /** Per environment: the workspace the job took from the file, the replacements it made, the connections it bound. */
    private static void showEnvironments(java.util.Collection<JsonNode> jobs) {
        for (JsonNode job : jobs) {
            JsonNode result = job.path("result");
            if ("stage-promotion".equals(job.path("kind").asText())) {
                showPromotion(result);
                continue;
            }
            if (!"semantic-model".equals(job.path("kind").asText()) || !result.hasNonNull("environment")) {
                continue;
            }
            System.out.println();
            System.out.printf("Environment %s: model %s (%s) in workspace '%s'%n", result.path("environment").asText(),
                    result.path("modelName").asText(), result.path("modelId").asText(), result.path("workspaceName").asText());
            for (JsonNode replacement : result.path("replacements")) {
                System.out.printf("  replaced   %-12s in %s (%d)%n", replacement.path("parameter").asText(),
                        replacement.path("file").asText(), replacement.path("count").asInt());
            }
            for (JsonNode step : job.path("steps")) {
                if ("bind-connections".equals(step.path("name").asText())) {
                    for (JsonNode binding : step.path("output").path("bindings")) {
                        System.out.printf("  bound      %s%n", binding);
                    }
                }
            }
        }
    }

    /** A promotion: what it deployed and what the target environment changed; a plan: its table. */
    private static void showPromotion(JsonNode result) {
        System.out.println();
        System.out.printf("%s %s → %s through pipeline '%s' (workspace '%s'):%n", result.path("planned").asBoolean() ? "Plan of the promotion"
                : "Promotion", result.path("sourceStage").asText(), result.path("targetStage").asText(), result.path("pipeline").asText(),
                result.path("targetWorkspace").asText());
        for (JsonNode entry : result.path("plan")) {
            System.out.printf("  %-10s %-18s %-55s %s%n", entry.path("action").asText(), entry.path("itemType").asText(),
                    entry.path("name").asText(), entry.path("reason").asText());
        }
        for (JsonNode item : result.path("deployed")) {
            System.out.printf("  deployed   %-14s %-20s %s (%s)%n", item.path("itemType").asText(), item.path("name").asText(),
                    item.path("status").asText(), item.path("diff").asText());
        }
        for (JsonNode model : result.path("environmentApplied")) {
            for (JsonNode replacement : model.path("replacements")) {
                System.out.printf("  replaced   %-12s in %s (%d)%n", replacement.path("parameter").asText(),
                        replacement.path("file").asText(), replacement.path("count").asInt());
            }
            for (JsonNode binding : model.path("connectionBindings")) {
                System.out.printf("  bound      %s%n", binding);
            }
        }
    }

    /** Provisions the example's workspace: request.json's fields and principals.csv, as multipart. */
    private String submitWorkspace(Path example) throws IOException, InterruptedException {
        JsonNode fields = JSON.readTree(example.resolve("request.json").toFile());
        Multipart body = new Multipart()
                .field("workspace", fields.path("workspace").asText())
                .field("description", fields.path("description").asText(""))
                .field("capacity", fields.path("capacity").asText(""))
                .field("lakehousePrefix", fields.path("lakehouses").path("prefix").asText(""))
                .field("onFailure", fields.path("onFailure").asText("rollback"))
                .file("principals", example.resolve("principals.csv"), "text/csv", "principals.csv");
        HttpRequest request = gatewayRequest("/api/v1/workspaces")
                .header("Content-Type", body.contentType())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(body.publisher()).build();
        return accepted("workspace " + fields.path("workspace").asText(), http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** What the workspace job left in the emulator: capacity, role assignments, lakehouses. */
    private void showWorkspace(JsonNode result) throws IOException, InterruptedException {
        String id = result.path("workspace").path("id").asText();
        System.out.println();
        System.out.printf("Workspace '%s' (%s) on capacity %s:%n", result.path("workspace").path("name").asText(), id,
                result.path("capacity").path("name").asText("none"));
        for (JsonNode assignment : fabric.roleAssignments(id)) {
            System.out.printf("  %-14s %-17s %s%n", assignment.path("role").asText(), assignment.path("principal").path("type").asText(),
                    assignment.path("principal").path("id").asText());
        }
        for (JsonNode item : fabric.items(id)) {
            System.out.printf("  %-14s %-40s %s%n", item.path("type").asText(), item.path("displayName").asText(), item.path("id").asText());
        }
    }

    private String submitUpload(Path archive) throws IOException, InterruptedException {
        Multipart body = new Multipart()
                .field("scenarioName", options.scenario().getFileName().toString())
                .field("workspace", options.workspace())
                .file("archive", archive, "application/gzip", options.scenario().getFileName() + ".tar.gz");
        HttpRequest request = gatewayRequest("/api/v1/uploads")
                .header("Content-Type", body.contentType())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(body.publisher()).build();
        return accepted("upload of " + options.scenario().getFileName(), http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Runs the demo's Data Pipeline by name with two typed parameters, as an upstream scheduler would. */
    private String submitRun() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("workspace", options.workspace())
                .put("itemName", DEMO_PIPELINE)
                .put("itemType", "DataPipeline")
                .put("budgetSeconds", 600);
        ArrayNode parameters = body.putArray("parameters");
        parameters.addObject().put("name", "Region").put("type", "Text").put("value", "EMEA");
        parameters.addObject().put("name", "DaysBack").put("type", "Integer").put("value", 7);
        HttpRequest request = gatewayRequest("/api/v1/runs")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return accepted("run of pipeline " + DEMO_PIPELINE, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Refreshes two tables of the deployed model through the Power BI REST API (enhanced refresh). */
    private String submitRefresh() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("workspace", options.workspace())
                .put("modelName", options.model().getFileName().toString());
        ObjectNode refresh = body.putObject("refresh").put("type", "Full").put("maxParallelism", 1).put("budgetSeconds", 600);
        try (Stream<Path> tables = Files.list(options.model().resolve("definition/tables"))) {
            ArrayNode objects = refresh.putArray("objects");
            tables.map(t -> t.getFileName().toString()).filter(n -> n.endsWith(".tmdl")).sorted().limit(2)
                    .forEach(n -> objects.addObject().put("table", n.substring(0, n.length() - ".tmdl".length())));
        }
        HttpRequest request = gatewayRequest("/api/v1/refreshes")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return accepted("refresh of " + options.model().getFileName(), http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private String submitDeployment(String mode, boolean confirmOverwrite) throws IOException, InterruptedException {
        ObjectNode body = deploymentBody(mode, confirmOverwrite).put("workspace", options.workspace());
        if ("prod".equals(mode)) {
            body.putObject("refreshAfterDeploy").put("type", "Full").put("budgetSeconds", 600);
        }
        return postDeployment(body, mode + " deployment of " + options.model().getFileName());
    }

    /** The sample model's folder as inline parts, with its name and mode. */
    private ObjectNode deploymentBody(String mode, boolean confirmOverwrite) throws IOException {
        ObjectNode body = JSON.createObjectNode()
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
        return body;
    }

    private String postDeployment(ObjectNode body, String what) throws IOException, InterruptedException {
        HttpRequest request = gatewayRequest("/api/v1/deployments")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return accepted(what, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** A request to the gateway, with the demo client's token as every gateway operation requires. */
    private HttpRequest.Builder gatewayRequest(String path) throws IOException, InterruptedException {
        return HttpRequest.newBuilder(URI.create(options.gateway() + path)).header("Authorization", "Bearer " + fabric.weftToken());
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
                        URI.create(options.tracker() + "/api/v1/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                                .header("Authorization", "Bearer " + fabric.weftToken()).GET().build(),
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
