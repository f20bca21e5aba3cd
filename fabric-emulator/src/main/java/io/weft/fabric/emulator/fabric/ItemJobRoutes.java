package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;

/**
 * The job scheduler's routes: the generic {@code /items/{id}/jobs/...} forms (the current
 * {@code jobs/{jobType}/instances} and the older {@code jobs/instances?jobType=}) and the typed forms of Data
 * Pipelines ({@code jobs/execute}), notebooks ({@code jobs/execute?beta=false}) and Spark job definitions
 * ({@code jobs/sparkjob}). A start answers 202 with {@code Location} (the generic instance URL) and
 * {@code Retry-After}, and no operation id: job instances are not long-running operations.
 */
final class ItemJobRoutes {

    private static final String ID = "([^/]+)";
    private static final String WS = "/workspaces/" + ID;

    private final ItemJobs jobs;
    private final FabricService service;
    private final String apiUrl;

    ItemJobRoutes(ItemJobs jobs, FabricService service, String apiUrl) {
        this.jobs = jobs;
        this.service = service;
        this.apiUrl = apiUrl;
    }

    void register(FabricApi api) {
        String item = WS + "/items/" + ID;
        api.route("POST", item + "/jobs/instances", (c, m) -> started(c, m.group(1),
                jobs.start(m.group(1), m.group(2), null, c.queryIgnoreCase("jobType"), optionalBody(c)), m.group(2)));
        api.route("GET", item + "/jobs/instances", (c, m) -> list(c, jobs.list(m.group(1), m.group(2), null, null)));
        api.route("POST", item + "/jobs/" + ID + "/instances", (c, m) -> started(c, m.group(1),
                jobs.start(m.group(1), m.group(2), null, m.group(3), optionalBody(c)), m.group(2)));
        api.route("GET", item + "/jobs/instances/" + ID, (c, m) -> instance(c, jobs.get(m.group(1), m.group(2), null, m.group(3), null)));
        api.route("POST", item + "/jobs/instances/" + ID + "/cancel", (c, m) -> {
            jobs.cancel(m.group(1), m.group(2), m.group(3));
            c.header("Location", apiUrl + "/workspaces/" + m.group(1) + "/items/" + m.group(2) + "/jobs/instances/" + m.group(3));
            c.header("Retry-After", retryAfter());
            c.respondEmpty(202);
        });

        typed("dataPipelines", ItemJobs.DATA_PIPELINE, "execute", "Execute", api);
        typed("notebooks", ItemJobs.NOTEBOOK, "execute", "Execute", api);
        typed("sparkJobDefinitions", ItemJobs.SPARK_JOB_DEFINITION, "sparkjob", "sparkjob", api);
    }

    /** Run, get and list under {@code /<collection>/{id}/jobs/<segment>/instances}, reporting {@code shownJobType}. */
    private void typed(String collection, String itemType, String segment, String shownJobType, FabricApi api) {
        String base = WS + "/" + collection + "/" + ID + "/jobs/" + segment + "/instances";
        api.route("POST", base, (c, m) -> {
            if (ItemJobs.NOTEBOOK.equals(itemType) && !"false".equalsIgnoreCase(c.queryIgnoreCase("beta"))) {
                throw FabricError.badRequest("The beta query parameter must be false for this API version.");
            }
            started(c, m.group(1), jobs.start(m.group(1), m.group(2), itemType, shownJobType, optionalBody(c)), m.group(2));
        });
        api.route("GET", base, (c, m) -> list(c, jobs.list(m.group(1), m.group(2), itemType, shownJobType)));
        api.route("GET", base + "/" + ID, (c, m) -> instance(c, jobs.get(m.group(1), m.group(2), itemType, m.group(3), shownJobType)));
    }

    private void started(HttpCall call, String workspaceId, String instanceId, String itemId) throws IOException {
        call.header("Location", apiUrl + "/workspaces/" + workspaceId + "/items/" + itemId + "/jobs/instances/" + instanceId);
        call.header("Retry-After", retryAfter());
        call.respondEmpty(202);
    }

    private void instance(HttpCall call, JsonNode body) throws IOException {
        call.header("Retry-After", retryAfter());
        call.respondJson(200, body);
    }

    private void list(HttpCall call, java.util.List<JsonNode> all) throws IOException {
        var body = HttpCall.JSON.createObjectNode();
        all.forEach(body.putArray("value")::add);
        call.respondJson(200, body);
    }

    private String retryAfter() {
        return Integer.toString(service.settings().retryAfterSeconds);
    }

    /** The run request's body is optional: an empty body is no body. */
    private static JsonNode optionalBody(HttpCall call) throws IOException {
        try {
            JsonNode body = call.jsonBody();
            if (body == null || body.isMissingNode() || body.isNull()) {
                return null;
            }
            if (!body.isObject()) {
                throw FabricError.badRequest("The request body is not a JSON object.");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw FabricError.badRequest("The request body is not valid JSON.");
        }
    }
}
