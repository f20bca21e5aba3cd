package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.emulator.RawHttp.Raw;
import io.weft.fabric.emulator.SpecCases.Case;
import io.weft.fabric.emulator.fabric.JobBehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays the official examples of the job scheduler (generic run in its current form, get, list, cancel) and of
 * the typed runs of Data Pipelines, notebooks and Spark job definitions, and validates the emulator's answers: the
 * declared status, {@code Location} (the generic instance URL) and {@code Retry-After} on a 202 and no operation id,
 * and every instance body against the ItemJobInstance schema, through to its terminal state.
 */
class JobSchedulerContractTest {

    static final Map<String, List<String>> SERVED = Map.of(
            "platform/swagger.json", List.of("JobScheduler_RunOnDemandItemJob", "JobScheduler_GetItemJobInstance",
                    "JobScheduler_ListItemJobInstances", "JobScheduler_CancelItemJobInstance"),
            "dataPipeline/swagger.json", List.of("BackgroundJobs_RunOnDemandExecute", "BackgroundJobs_ListExecuteJobInstances",
                    "BackgroundJobs_GetExecuteJobInstance"),
            "notebook/swagger.json", List.of("BackgroundJobs_RunOnDemandNotebook"),
            "sparkjobdefinition/swagger.json", List.of("BackgroundJobs_RunOnDemandSparkJobDefinition"));
    static final Path PLATFORM = SwaggerSchemas.ROOT.resolve("platform/swagger.json");
    static final SwaggerSchemas SCHEMAS = new SwaggerSchemas();

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().retryAfterSeconds(0));
        emulator.admin().longRunningOperations(false);
        emulator.admin().jobs().defaultBehaviour(JobBehaviour.completes(Duration.ofMillis(50), Duration.ofMillis(150)));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static List<Case> cases() {
        return SpecCases.of(SCHEMAS, SERVED);
    }

    @Test
    void everyServedOperationHasExamples() {
        SpecCases.assertEveryServedOperationHasExamples(SCHEMAS, SERVED);
    }

    @TestFactory
    Stream<DynamicTest> officialExamplesReplayAgainstTheSchemas() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> replay(c)));
    }

    void replay(Case c) throws IOException {
        Path specFile = SwaggerSchemas.ROOT.resolve(c.spec());
        JsonNode example = c.exampleDocument(SCHEMAS);
        JsonNode params = example.path("parameters");
        String operationId = c.operation().path("operationId").asText();
        String ws = workspace();
        String path = c.path().replaceAll("\\?.*$", "");
        Map<String, String> query = new LinkedHashMap<>();
        if (c.path().contains("?")) {
            query.put(c.path().replaceAll(".*\\?([^=]+)=.*", "$1"), c.path().replaceAll(".*=", ""));
        }
        JsonNode body = null;
        String itemId = null;
        for (JsonNode rawParam : c.operation().path("parameters")) {
            JsonNode param = SCHEMAS.deref(specFile, rawParam).node();
            String name = param.path("name").asText();
            String in = param.path("in").asText();
            JsonNode value = params.get(name);
            if (in.equals("path")) {
                String actual = switch (name) {
                    case "workspaceId" -> ws;
                    case "itemId" -> itemId = item(ws, params.path("jobType").asText("").equals("Execute") ? "DataPipeline" : "Report");
                    case "dataPipelineId" -> itemId = item(ws, "DataPipeline");
                    case "notebookId" -> itemId = item(ws, "Notebook");
                    case "sparkJobDefinitionId" -> itemId = item(ws, "SparkJobDefinition");
                    case "jobType" -> value.asText();
                    case "jobInstanceId" -> run(ws, itemId, operationId.contains("Cancel"));
                    default -> throw new IllegalStateException("No mapping for path parameter " + name);
                };
                path = path.replace("{" + name + "}", actual);
            } else if (in.equals("query") && value != null && !value.asText().isEmpty() && !name.equals("continuationToken")) {
                query.put(name, value.asText());
            } else if (in.equals("body") && value != null) {
                body = value;
            }
        }
        if (operationId.contains("List")) {
            run(ws, itemId, false);
        }
        StringBuilder url = new StringBuilder(path);
        String sep = "?";
        for (var q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(q.getValue());
            sep = "&";
        }
        Raw response = RawHttp.send(emulator, clients.fabricToken(), c.method(), emulator.fabricApiUrl() + url,
                body == null ? null : body.toString());
        String status = Integer.toString(response.status());
        assertThat(c.operation().path("responses").has(status)).as("status %s declared for %s: %s", status, c, response).isTrue();
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);

        JsonNode declared = c.operation().path("responses").path(status);
        WireExpectations.namesAsFabricSendsThem(response);
        if (response.status() == 202) {
            WireExpectations.jobAccepted(response, emulator.fabricApiUrl(), ws, itemId);
            JsonNode instance = awaitTerminal(response.value("Location"));
            assertThat(instance.path("status").asText()).isIn("Completed", "Cancelled");
        } else if (declared.has("schema")) {
            validate(specFile, declared.path("schema"), response.json());
        }
    }

    /** Polls an instance URL until a terminal state, validating every body it sees. */
    static JsonNode awaitTerminal(String location) {
        JsonNode schema = SCHEMAS.document(PLATFORM).path("paths").path("/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}")
                .path("get").path("responses").path("200").path("schema");
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25)).until(() -> {
            var poll = clients.fabric("GET", location, null);
            assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
            assertThat(poll.header("Retry-After")).isNotNull();
            validate(PLATFORM, schema, poll.json());
            last.set(poll.json());
            return !List.of("NotStarted", "InProgress").contains(poll.json().path("status").asText());
        });
        return last.get();
    }

    static void validate(Path specFile, JsonNode schema, JsonNode instance) {
        SpecCases.validate(SCHEMAS, specFile, schema, instance);
    }

    static String workspace() {
        return clients.fabric("POST", "/workspaces", Map.of("displayName", "jobs-" + UUID.randomUUID())).json().path("id").asText();
    }

    static final Map<String, String> JOB_TYPES = Map.of("DataPipeline", "Pipeline", "Notebook", "RunNotebook",
            "SparkJobDefinition", "sparkjob");
    static final Map<String, String> ITEM_TYPES = new java.util.concurrent.ConcurrentHashMap<>();

    static String item(String ws, String type) {
        var created = clients.fabric("POST", "/workspaces/" + ws + "/items", Map.of("displayName", type + "_1", "type", type));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ITEM_TYPES.put(created.json().path("id").asText(), type);
        return created.json().path("id").asText();
    }

    /** Starts a run of the item's default job (stuck when asked, for a cancel to find it running). */
    static String run(String ws, String itemId, boolean stuck) {
        if (stuck) {
            emulator.admin().jobs().script(itemId, JobBehaviour.stuck(Duration.ofMillis(100)));
        }
        var started = clients.fabric("POST", "/workspaces/" + ws + "/items/" + itemId + "/jobs/instances?jobType="
                + JOB_TYPES.getOrDefault(ITEM_TYPES.get(itemId), "DefaultJob"), null);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
