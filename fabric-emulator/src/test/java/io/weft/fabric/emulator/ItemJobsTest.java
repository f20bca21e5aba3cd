package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.emulator.fabric.JobBehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The emulated job scheduler's rules and scripted behaviours, over HTTPS with real tokens. */
class ItemJobsTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().retryAfterSeconds(1));
        emulator.admin().longRunningOperations(false);
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aRunMovesFromNotStartedThroughInProgressToCompletedAndKeepsItsParameters() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline");
        emulator.admin().jobs().script(pipeline, JobBehaviour.completes(Duration.ofMillis(300), Duration.ofMillis(300)));
        List<Map<String, Object>> parameters = List.of(Map.of("name", "Region", "type", "Text", "value", "EMEA"));

        var started = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/Pipeline/instances",
                Map.of("parameters", parameters));

        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.header("Retry-After")).isEqualTo("1");
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String status = clients.fabric("GET", started.header("Location"), null).json().path("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return status.equals("Completed");
        });
        assertThat(seen).containsExactly("NotStarted", "InProgress", "Completed");
        JsonNode done = clients.fabric("GET", started.header("Location"), null).json();
        assertThat(done.path("jobType").asText()).isEqualTo("Pipeline");
        assertThat(done.path("startTimeUtc").isTextual()).isTrue();
        assertThat(done.path("endTimeUtc").isTextual()).isTrue();
        assertThat(done.path("failureReason").isNull()).isTrue();
        assertThat(emulator.admin().jobs().runCount(pipeline)).isEqualTo(1);
        assertThat(emulator.admin().jobs().runRequests(pipeline).get(0).path("parameters").get(0).path("value").asText()).isEqualTo("EMEA");
        var typed = clients.fabric("GET", "/workspaces/" + ws + "/dataPipelines/" + pipeline + "/jobs/execute/instances", null).json();
        assertThat(typed.path("value").get(0).path("jobType").asText()).isEqualTo("Execute");
    }

    @Test
    void aFailingRunReportsItsFailureReason() {
        String ws = workspace();
        String notebook = item(ws, "Notebook");
        emulator.admin().jobs().script(notebook, JobBehaviour.fails(Duration.ofMillis(50), "NotebookExecutionFailed", "cell 3: division by zero"));

        var started = clients.fabric("POST", "/workspaces/" + ws + "/notebooks/" + notebook + "/jobs/execute/instances?beta=false", null);

        JsonNode end = awaitEnd(started.header("Location"));
        assertThat(end.path("status").asText()).isEqualTo("Failed");
        assertThat(end.path("failureReason").path("errorCode").asText()).isEqualTo("NotebookExecutionFailed");
        assertThat(end.path("failureReason").path("message").asText()).isEqualTo("cell 3: division by zero");
        assertThat(end.path("failureReason").path("requestId").asText()).isNotBlank();
    }

    @Test
    void aStuckRunEndsCancelledOnlyAfterItsCancelTakesEffect() {
        String ws = workspace();
        String sjd = item(ws, "SparkJobDefinition");
        emulator.admin().jobs().script(sjd, JobBehaviour.stuck(Duration.ofMillis(300)));
        var started = clients.fabric("POST", "/workspaces/" + ws + "/sparkJobDefinitions/" + sjd + "/jobs/sparkjob/instances", null);
        String location = started.header("Location");
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.fabric("GET", location, null).json().path("status").asText().equals("InProgress"));

        var cancel = clients.fabric("POST", location + "/cancel", null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
        assertThat(cancel.header("Location")).isEqualTo(location);
        assertThat(clients.fabric("GET", location, null).json().path("status").asText()).isEqualTo("InProgress");
        assertThat(awaitEnd(location).path("status").asText()).isEqualTo("Cancelled");
        var again = clients.fabric("POST", location + "/cancel", null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().path("errorCode").asText()).isEqualTo("JobAlreadyCompleted");
    }

    @Test
    void aDedupedRunNamesTheRunningInstance() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline");
        emulator.admin().jobs().script(pipeline, JobBehaviour.stuck(Duration.ZERO), JobBehaviour.deduped());
        String running = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/instances?jobType=Pipeline", null)
                .header("Location");

        var second = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/Pipeline/instances", null);

        JsonNode end = awaitEnd(second.header("Location"));
        assertThat(end.path("status").asText()).isEqualTo("Deduped");
        assertThat(end.path("failureReason").path("errorCode").asText()).isEqualTo("JobInstanceStatusDeduped");
        assertThat(end.path("failureReason").path("relatedResource").path("resourceId").asText())
                .isEqualTo(running.substring(running.lastIndexOf('/') + 1));
    }

    @Test
    void refusalsAndInvalidRequestsStartNoRun() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline");
        String sjd = item(ws, "SparkJobDefinition");
        emulator.admin().jobs().refuseNextStart(pipeline, 429, "TooManyRequestsForJobs", "Too many jobs");

        var throttled = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/Pipeline/instances", null);
        var wrongType = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/sparkjob/instances", null);
        var duplicate = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/Pipeline/instances",
                Map.of("parameters", List.of(Map.of("name", "a", "type", "Text", "value", "x"), Map.of("name", "A", "type", "Text", "value", "y"))));
        var sparkParameters = clients.fabric("POST", "/workspaces/" + ws + "/items/" + sjd + "/jobs/sparkjob/instances",
                Map.of("parameters", List.of(Map.of("name", "a", "type", "Text", "value", "x"))));
        var missing = clients.fabric("POST", "/workspaces/" + ws + "/items/" + UUID.randomUUID() + "/jobs/Pipeline/instances", null);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().path("errorCode").asText()).isEqualTo("TooManyRequestsForJobs");
        assertThat(wrongType.json().path("errorCode").asText()).isEqualTo("InvalidJobType");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(sparkParameters.json().path("errorCode").asText()).isEqualTo("FeatureNotAvailable");
        assertThat(missing.json().path("errorCode").asText()).isEqualTo("ItemNotFound");
        assertThat(emulator.admin().jobs().runCount(pipeline)).isZero();
        assertThat(emulator.admin().jobs().runCount(sjd)).isZero();
    }

    @Test
    void aRunThatRefusesCancelSaysSo() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline");
        emulator.admin().jobs().script(pipeline, JobBehaviour.stuck(Duration.ZERO).refusingCancel());
        String location = clients.fabric("POST", "/workspaces/" + ws + "/items/" + pipeline + "/jobs/Pipeline/instances", null).header("Location");

        var cancel = clients.fabric("POST", location + "/cancel", null);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("errorCode").asText()).isEqualTo("JobCancellationNotAllowed");
        assertThat(clients.fabric("GET", location, null).json().path("status").asText()).isIn("NotStarted", "InProgress");
    }

    static JsonNode awaitEnd(String location) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                !List.of("NotStarted", "InProgress").contains(clients.fabric("GET", location, null).json().path("status").asText()));
        return clients.fabric("GET", location, null).json();
    }

    static String workspace() {
        return clients.fabric("POST", "/workspaces", Map.of("displayName", "jobs-" + UUID.randomUUID())).json().path("id").asText();
    }

    static String item(String ws, String type) {
        var created = clients.fabric("POST", "/workspaces/" + ws + "/items", Map.of("displayName", type + "_x", "type", type));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }
}
