package io.weft.tracker.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.Requester;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.service.RetentionService;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.TrackerKafka;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class JobApiTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsAdmin() {
        io.weft.tracker.support.Authorized.asAdmin();
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long ATTEMPT = 1_763_769_600_000L;
    private static TrackerKafka kafka;

    @Inject
    RetentionService retention;

    @BeforeAll
    static void producer() {
        kafka = new TrackerKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @Test
    void aSemanticModelRefreshIsTrackedLikeAnyJobWithItsPerTableProgress() {
        String jobId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-12-02T12:00:00Z");
        kafka.publish(Messages.refresh(jobId, "ws-refresh", t));
        awaitJob(jobId, "lifecycle", "QUEUED");
        List<String> steps = List.of("resolve-model", "await-running-refresh", "start-refresh", "await-refresh");
        kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t.plusSeconds(1), "semantic-model-refresh", "ws-refresh", steps));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 2, t.plusSeconds(1), "resolve-model", Map.of("modelId", "m-1")));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 3, t.plusSeconds(2), "await-running-refresh", Map.of("waitedFor", List.of())));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 4, t.plusSeconds(2), "start-refresh", Map.of("refreshId", "r-1")));
        kafka.publish(new StepStarted(jobId, ATTEMPT, 5, t.plusSeconds(3), "await-refresh"));
        kafka.publish(new StepProgressed(jobId, ATTEMPT, 6, t.plusSeconds(4), "await-refresh", 1, 2, "tables", null,
                "refresh r-1: InProgress (Customers: Completed, Orders: InProgress)"));
        awaitJob(jobId, "steps[3].done", 1);

        JsonPath job = RestAssured.get("/api/v1/jobs/{id}", jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("kind")).isEqualTo("semantic-model-refresh");
        assertThat(job.getList("steps.name", String.class)).containsExactlyElementsOf(steps);
        assertThat(job.getString("steps[3].state")).isEqualTo("RUNNING");
        assertThat(job.getInt("steps[3].total")).isEqualTo(2);
        assertThat(job.getString("steps[3].unit")).isEqualTo("tables");
        assertThat(job.getString("steps[3].detail")).contains("Orders: InProgress");
        assertThat(job.getString("request.modelName")).isEqualTo("Sales");
        assertThat(job.getInt("request.refresh.objects.size()")).isEqualTo(2);

        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 7, t.plusSeconds(5), "await-refresh", Map.of("status", "Completed")));
        kafka.publish(new JobSucceeded(jobId, ATTEMPT, 8, t.plusSeconds(5), Map.of("refresh", Map.of("status", "Completed"))));
        awaitJob(jobId, "outcome", "SUCCEEDED");
    }

    @Test
    void commandRegistersQueuedJobAndEventsFoldIntoStepsIdempotently() {
        String jobId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-21T12:00:00Z");
        kafka.publish(Messages.provision(jobId, "ws-fold", t));
        awaitJob(jobId, "lifecycle", "QUEUED");
        RestAssured.get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("kind", equalTo("graph-scenario"))
                .body("workspace", equalTo("ws-fold"))
                .body("request.scenarioName", equalTo("retail"));

        kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t.plusSeconds(1), "graph-scenario", "ws-fold",
                List.of("upload-files", "load-tables")));
        kafka.publish(new StepStarted(jobId, ATTEMPT, 2, t.plusSeconds(2), "upload-files"));
        String progressId = kafka.publish(new StepProgressed(jobId, ATTEMPT, 3, t.plusSeconds(3), "upload-files", 1, 4,
                "files", null, "a.csv"));
        awaitJob(jobId, "steps[0].done", 1);
        JsonPath job = RestAssured.get("/api/v1/jobs/{id}", jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("lifecycle")).isEqualTo("RUNNING");
        assertThat(job.getInt("progressPercent")).isEqualTo(12);
        assertThat(job.getString("steps[0].state")).isEqualTo("RUNNING");
        assertThat(job.getString("steps[1].state")).isEqualTo("PENDING");
        long changeSeq = job.getLong("changeSeq");

        // A redelivered event (same CloudEvent id) and a duplicate with a new id change nothing.
        kafka.republish(new StepProgressed(jobId, ATTEMPT, 3, t.plusSeconds(3), "upload-files", 1, 4, "files", null,
                "a.csv"), progressId);
        kafka.publish(new StepProgressed(jobId, ATTEMPT, 3, t.plusSeconds(3), "upload-files", 1, 4, "files", null, "a.csv"));
        // Out of order: the job's end arrives before the step events leading to it.
        kafka.publish(new JobSucceeded(jobId, ATTEMPT, 7, t.plusSeconds(7), Map.of("lakehouseId", "lh-1")));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 4, t.plusSeconds(4), "upload-files", Map.of("files", 4)));
        kafka.publish(new StepStarted(jobId, ATTEMPT, 5, t.plusSeconds(5), "load-tables"));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 6, t.plusSeconds(6), "load-tables", Map.of()));
        awaitJob(jobId, "steps[1].state", "SUCCEEDED");
        job = RestAssured.get("/api/v1/jobs/{id}", jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("lifecycle")).isEqualTo("COMPLETED");
        assertThat(job.getString("outcome")).isEqualTo("SUCCEEDED");
        assertThat(job.getInt("progressPercent")).isEqualTo(100);
        assertThat(job.getString("result.lakehouseId")).isEqualTo("lh-1");
        assertThat(job.getLong("changeSeq")).isGreaterThan(changeSeq);
        assertThat(job.getString("finishedAt")).isEqualTo("2026-11-21T12:00:07Z");

        List<Map<String, Object>> events = RestAssured.get("/api/v1/jobs/{id}/events", jobId).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(events).hasSize(8); // command + 7 events: the two duplicates were not appended
        assertThat(events.get(0).get("category")).isEqualTo("COMMAND");
        assertThat(events).extracting(e -> e.get("sequence")).containsSubsequence(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aWorkspaceJobShowsWhatItCreatedAndWhatItsRollbackRemoved() {
        String jobId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        Map<String, Object> workspace = Map.of("kind", "workspace", "id", "ws-1", "name", "Sales");
        JobError error = new JobError("LakehouseCreationFailed", "no room (rolled back: [...])", null, "lakehouse silver", false);
        kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t, "workspace", "Sales", List.of("resolve-workspace", "create-lakehouses")));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 2, t, "resolve-workspace", Map.of("created", List.of(workspace))));
        kafka.publish(new StepStarted(jobId, ATTEMPT, 3, t, "create-lakehouses"));
        kafka.publish(new StepFailed(jobId, ATTEMPT, 4, t, "create-lakehouses", error));
        kafka.publish(new StepStarted(jobId, ATTEMPT, 5, t, "rollback"));
        kafka.publish(new StepSucceeded(jobId, ATTEMPT, 6, t, "rollback", Map.of("undone", List.of(workspace), "left", List.of())));
        kafka.publish(new JobFailed(jobId, ATTEMPT, 7, t, "create-lakehouses", error));
        awaitJob(jobId, "outcome", "FAILED");

        RestAssured.get("/api/v1/jobs/{id}", jobId).then()
                .body("resources.created.name", equalTo(List.of("Sales")))
                .body("resources.rolledBack.kind", equalTo(List.of("workspace")))
                .body("steps.name", equalTo(List.of("resolve-workspace", "create-lakehouses", "rollback")))
                .body("failedStep", equalTo("create-lakehouses"));
    }

    @Test
    void foldedInputsAndBatchTimesShowOnQMetricsByCategory() {
        double commands = folded("command");
        double events = folded("event");
        String jobId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-21T12:00:00Z");

        kafka.publish(Messages.provision(jobId, "ws-metrics", t));
        kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t.plusSeconds(1), "graph-scenario", "ws-metrics", List.of("upload-files")));
        awaitJob(jobId, "lifecycle", "RUNNING");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(folded("command")).isGreaterThanOrEqualTo(commands + 1);
            assertThat(folded("event")).isGreaterThanOrEqualTo(events + 1);
        });
        assertThat(metrics()).containsPattern("weft_tracker_fold_batch_seconds_count [1-9]");
    }

    private static String metrics() {
        // The Prometheus client writes a trailing comma in label sets ({a="b",}); an exemplar may follow a value.
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().replace(",}", "}");
    }

    private static double folded(String category) {
        String series = "weft_tracker_inputs_folded_total{category=\"" + category + "\"} ";
        return metrics().lines().filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).split(" ")[0])).sum();
    }

    @Test
    void failedStepShowsTheFabricErrorAndTimeoutIsItsOwnOutcome() {
        String failed = UUID.randomUUID().toString();
        String timedOut = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-21T13:00:00Z");
        JobError error = new JobError("DeltaTableLoadFailed", "Row 7 has 5 fields", "req-42", "orders.csv", false);
        kafka.publish(new StepStarted(failed, ATTEMPT, 2, t, "load-tables"));
        kafka.publish(new StepFailed(failed, ATTEMPT, 3, t.plusSeconds(1), "load-tables", error));
        kafka.publish(new JobFailed(failed, ATTEMPT, 4, t.plusSeconds(1), "load-tables", error));
        kafka.publish(new JobFailed(timedOut, ATTEMPT, 9, t, "load-tables",
                new JobError("OperationTimedOut", "gave up after 30 min", null, null, true)));
        awaitJob(failed, "outcome", "FAILED");
        RestAssured.get("/api/v1/jobs/{id}", failed).then()
                .body("error.code", equalTo("DeltaTableLoadFailed"))
                .body("error.requestId", equalTo("req-42"))
                .body("steps[0].lastError.message", equalTo("Row 7 has 5 fields"))
                .body("failedStep", equalTo("load-tables"));
        awaitJob(timedOut, "outcome", "TIMED_OUT");
    }

    @Test
    void deadLetteredCommandFailsItsJobWithTheReasonEvenWhenItDoesNotDecode() {
        String jobId = UUID.randomUUID().toString();
        kafka.deadLetter(Messages.provision(jobId, "ws-dlq", Instant.now()), "archive checksum mismatch");
        awaitJob(jobId, "outcome", "FAILED");
        RestAssured.get("/api/v1/jobs/{id}", jobId).then()
                .body("lifecycle", equalTo("COMPLETED"))
                .body("error.code", equalTo("CommandRejected"))
                .body("error.message", equalTo("archive checksum mismatch"))
                .body("kind", equalTo("graph-scenario"));

        String malformed = UUID.randomUUID().toString();
        kafka.publishRaw(Topics.PROVISION_DEAD_LETTERS, "ws-dlq", Map.of(
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", MessageType.PROVISION_GRAPH_SCENARIO.ceType(), "ce_source", "/upstream",
                "ce_subject", malformed, "dead-letter-reason", "data: required property 'workspace' not found"),
                "{\"jobId\":\"x\"".getBytes(StandardCharsets.UTF_8));
        awaitJob(malformed, "outcome", "FAILED");
        RestAssured.get("/api/v1/jobs/{id}", malformed).then()
                .body("error.message", containsString("required property 'workspace'"));
    }

    @Test
    void undecodableRecordsAreSkippedAndWhatFollowsStillFolds() {
        String jobId = UUID.randomUUID().toString();
        kafka.publishRaw(Topics.JOB_EVENTS, jobId, Map.of("ce_specversion", "1.0", "ce_id", "1",
                "ce_type", "io.weft.job.exploded.v9", "ce_source", "/x", "ce_subject", jobId), "{}".getBytes());
        kafka.publishRaw(Topics.JOB_EVENTS, jobId, Map.of(), "not json at all".getBytes());
        kafka.publishRaw(Topics.PROVISION_COMMANDS, "ws", Map.of("ce_specversion", "1.0", "ce_id", "2",
                "ce_type", MessageType.PROVISION_GRAPH_SCENARIO.ceType(), "ce_source", "/x"), "{\"jobId\":1}".getBytes());
        kafka.publish(Messages.provision(jobId, "ws-after-garbage", Instant.now()));
        awaitJob(jobId, "workspace", "ws-after-garbage");
    }

    @Test
    void whoAskedForAJobShowsOnItAndFiltersTheList() {
        String workspace = "ws-who-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-10-02T00:00:00Z");
        Requester ci = new Requester(UUID.randomUUID().toString(), "release-pipeline", Requester.SERVICE_PRINCIPAL);
        Requester ana = new Requester(UUID.randomUUID().toString(), "Ana Lopez", Requester.USER);
        DeploySemanticModel byCi = withRequester(Messages.deploy("who-ci-" + UUID.randomUUID(), workspace, t), ci);
        DeploySemanticModel byAna = withRequester(Messages.deploy("who-ana-" + UUID.randomUUID(), workspace, t.plusSeconds(1)), ana);
        String byNobody = "who-none-" + UUID.randomUUID();
        kafka.publish(byCi);
        kafka.publish(byAna);
        kafka.publish(Messages.deploy(byNobody, workspace, t.plusSeconds(2)));
        await().atMost(WAIT).until(() -> RestAssured.given().queryParam("workspace", workspace).get("/api/v1/jobs")
                .jsonPath().getList("items").size() == 3);

        assertThat(RestAssured.given().queryParam("workspace", workspace).queryParam("requestedBy", "ana lopez")
                .get("/api/v1/jobs").jsonPath().getList("items.id")).containsExactly(byAna.jobId());
        assertThat(RestAssured.given().queryParam("requestedBy", ci.id()).get("/api/v1/jobs").jsonPath().getList("items.id"))
                .containsExactly(byCi.jobId());
        JsonPath listed = RestAssured.given().queryParam("workspace", workspace).queryParam("requestedBy", ci.id())
                .get("/api/v1/jobs").jsonPath();
        assertThat(listed.getString("items[0].requestSummary.requestedBy.name")).isEqualTo("release-pipeline");
        JsonPath detail = RestAssured.get("/api/v1/jobs/{id}", byAna.jobId()).jsonPath();
        assertThat(detail.getMap("request.requestedBy")).containsEntry("id", ana.id()).containsEntry("name", "Ana Lopez")
                .containsEntry("type", "User");
        assertThat(RestAssured.get("/api/v1/jobs/{id}", byNobody).jsonPath().getMap("request.requestedBy")).isNull();
    }

    /**
     * Kafka does not say who produced a record, but an upstream publisher's own topic does (only its principal may
     * write it): the job's requester is that principal, whatever the command claims, and so for its dead letter.
     */
    @Test
    void anUpstreamPublishersTopicNamesTheRequesterWhateverTheCommandClaims() {
        String workspace = "ws-upstream-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-10-03T00:00:00Z");
        Requester claimed = new Requester(UUID.randomUUID().toString(), "Ana Lopez", Requester.USER);
        String upstreamTopic = Topics.UPSTREAM_DEPLOY_COMMANDS_PREFIX + "upstream-ci";
        DeploySemanticModel published = withRequester(Messages.deploy("upstream-" + UUID.randomUUID(), workspace, t), claimed);
        DeploySemanticModel deadLettered = withRequester(Messages.deploy("upstream-dlq-" + UUID.randomUUID(), workspace, t), claimed);
        kafka.publishTo(upstreamTopic, published, Map.of());
        kafka.publishTo(Topics.DEPLOY_DEAD_LETTERS, deadLettered,
                Map.of(DeadLetterHeaders.REASON, "the definition is invalid", DeadLetterHeaders.TOPIC, upstreamTopic));
        await().atMost(WAIT).until(() -> RestAssured.given().queryParam("workspace", workspace).get("/api/v1/jobs")
                .jsonPath().getList("items").size() == 2);

        for (String jobId : List.of(published.jobId(), deadLettered.jobId())) {
            assertThat(RestAssured.get("/api/v1/jobs/{id}", jobId).jsonPath().getMap("request.requestedBy")).as(jobId)
                    .containsEntry("id", "kafka:upstream-ci").containsEntry("name", "upstream-ci").containsEntry("type", "KafkaPrincipal");
        }
        assertThat(RestAssured.given().queryParam("requestedBy", "upstream-ci").queryParam("workspace", workspace)
                .get("/api/v1/jobs").jsonPath().getList("items.id")).containsExactlyInAnyOrder(published.jobId(), deadLettered.jobId());
        assertThat(RestAssured.given().queryParam("requestedBy", claimed.id()).get("/api/v1/jobs").jsonPath().getList("items"))
                .as("the claim is not the requester").isEmpty();
    }

    private static DeploySemanticModel withRequester(DeploySemanticModel c, Requester requester) {
        return new DeploySemanticModel(c.jobId(), c.workspace(), c.modelName(), c.mode(), c.confirmOverwrite(), c.definition(),
                c.requestedAt(), c.environment(), c.refreshAfterDeploy(), c.plan(), requester);
    }

    @Test
    void listFiltersSortsAndPagesWithAnOpaqueCursor() {
        String workspace = "ws-list-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-10-01T00:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "list-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            if (i % 2 == 0) {
                kafka.publish(Messages.provision(id, workspace, t.plusSeconds(i)));
            } else {
                kafka.publish(Messages.deploy(id, workspace, t.plusSeconds(i)));
            }
        }
        kafka.publish(new JobSucceeded(ids.get(6), ATTEMPT, 3, t.plusSeconds(60), Map.of()));
        kafka.publish(new JobStarted(ids.get(5), ATTEMPT, 1, t.plusSeconds(60), "semantic-model", workspace, List.of("deploy")));
        await().atMost(WAIT).until(() -> RestAssured.given().queryParam("workspace", workspace).get("/api/v1/jobs")
                .jsonPath().getList("items").size() == 7
                && RestAssured.get("/api/v1/jobs/{id}", ids.get(5)).jsonPath().getString("lifecycle").equals("RUNNING")
                && RestAssured.get("/api/v1/jobs/{id}", ids.get(6)).jsonPath().getString("lifecycle").equals("COMPLETED"));

        List<String> pagedNewestFirst = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = RestAssured.given().queryParam("workspace", workspace).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            pagedNewestFirst.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(pagedNewestFirst).containsExactlyElementsOf(newestFirst);

        assertThat(RestAssured.given().queryParam("workspace", workspace).queryParam("sort", "createdAt")
                .queryParam("limit", 2).get("/api/v1/jobs").jsonPath().getList("items.id"))
                .containsExactly(ids.get(0), ids.get(1));
        assertThat(RestAssured.given().queryParam("workspace", workspace).queryParam("kind", "semantic-model")
                .get("/api/v1/jobs").jsonPath().getList("items.id"))
                .containsExactly(ids.get(5), ids.get(3), ids.get(1));
        assertThat(RestAssured.given().queryParam("workspace", workspace).queryParam("lifecycle", "RUNNING,COMPLETED")
                .get("/api/v1/jobs").jsonPath().getList("items.id")).containsExactly(ids.get(6), ids.get(5));
        assertThat(RestAssured.given().queryParam("workspace", workspace).queryParam("outcome", "SUCCEEDED")
                .get("/api/v1/jobs").jsonPath().getList("items.id")).containsExactly(ids.get(6));
        assertThat(RestAssured.given().queryParam("workspace", workspace)
                .queryParam("createdAfter", t.plusSeconds(2).toString()).queryParam("createdBefore", t.plusSeconds(4).toString())
                .get("/api/v1/jobs").jsonPath().getList("items.id")).containsExactly(ids.get(3), ids.get(2));
        assertThat(RestAssured.given().queryParam("workspace", workspace).queryParam("sort", "-updatedAt")
                .queryParam("updatedAfter", Instant.now().minusSeconds(600).toString())
                .get("/api/v1/jobs").jsonPath().getList("items.id")).hasSize(7);
        assertThat(RestAssured.given().queryParam("workspace", workspace)
                .queryParam("updatedBefore", Instant.now().minusSeconds(600).toString())
                .get("/api/v1/jobs").jsonPath().getList("items.id")).isEmpty();
    }

    @Test
    void badRequestsAndUnknownJobsAreProblemJson() {
        RestAssured.given().queryParam("lifecycle", "SLEEPING").get("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("lifecycle must be one of QUEUED, RUNNING, COMPLETED"));
        RestAssured.given().queryParam("cursor", "bm9wZQ").get("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("cursor"));
        RestAssured.given().queryParam("createdAfter", "yesterday").get("/api/v1/jobs").then().statusCode(400)
                .body("detail", containsString("createdAfter"));
        RestAssured.given().queryParam("limit", 0).get("/api/v1/jobs").then().statusCode(400);
        RestAssured.get("/api/v1/jobs/{id}", "no-such-job").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Job not found"));
        RestAssured.get("/api/v1/jobs/{id}/events", "no-such-job").then().statusCode(404);
    }

    @Test
    void cancelPublishesACancelCommandAndTheJobShowsTheRequest() {
        String jobId = UUID.randomUUID().toString();
        kafka.publish(Messages.provision(jobId, "ws-cancel", Instant.now()));
        awaitJob(jobId, "lifecycle", "QUEUED");

        try (KafkaConsumer<String, byte[]> control = TrackerKafka.consumer(Topics.CONTROL_COMMANDS)) {
            RestAssured.given().contentType(ContentType.JSON).body(Map.of("reason", "wrong archive"))
                    .post("/api/v1/jobs/{id}/cancel", jobId).then().statusCode(202)
                    .body("jobId", equalTo(jobId)).body("reason", equalTo("wrong archive"));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                control.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> jobId.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> record = seen.stream().filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(MessageType.CANCEL_JOB.ceType());
            assertThat(new String(record.headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8))
                    .isEqualTo("/weft/job-tracker");
            CancelJob cancel = ContractCodec.get().decode(MessageType.CANCEL_JOB.ceType(), record.value(), CancelJob.class);
            assertThat(cancel.reason()).isEqualTo("wrong archive");
            assertThat(cancel.requestedBy()).as("who asked, from the token").isNotNull()
                    .satisfies(who -> assertThat(who.name()).isEqualTo(io.weft.testsupport.entra.TestClient.ADMIN.clientId()));
        }
        awaitJob(jobId, "cancelRequest.reason", "wrong archive");
        assertThat(RestAssured.get("/api/v1/jobs/{id}", jobId).jsonPath().getString("cancelRequest.requestedBy.name"))
                .isEqualTo(io.weft.testsupport.entra.TestClient.ADMIN.clientId());

        RestAssured.post("/api/v1/jobs/{id}/cancel", "no-such-job").then().statusCode(404)
                .contentType("application/problem+json");
        kafka.publish(new JobSucceeded(jobId, ATTEMPT, 1, Instant.now(), Map.of()));
        awaitJob(jobId, "lifecycle", "COMPLETED");
        RestAssured.post("/api/v1/jobs/{id}/cancel", jobId).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already completed"));
    }

    @Test
    void retentionPurgesOnlyCompletedJobsOlderThanTheCutoff() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        String oldButRunning = UUID.randomUUID().toString();
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        ProvisionGraphScenario oldCommand = Messages.provision(old, "ws-retention", longAgo);
        kafka.publish(oldCommand);
        kafka.publish(new JobSucceeded(old, ATTEMPT, 5, longAgo.plusSeconds(5), Map.of()));
        kafka.publish(new JobSucceeded(recent, ATTEMPT, 5, Instant.now(), Map.of()));
        kafka.publish(new JobStarted(oldButRunning, ATTEMPT, 1, longAgo, "graph-scenario", "ws-retention", List.of("a")));
        awaitJob(old, "lifecycle", "COMPLETED");
        awaitJob(recent, "lifecycle", "COMPLETED");
        awaitJob(oldButRunning, "lifecycle", "RUNNING");

        int purged = retention.purge(Instant.now().minus(Duration.ofDays(30)));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        RestAssured.get("/api/v1/jobs/{id}", old).then().statusCode(404);
        RestAssured.get("/api/v1/jobs/{id}/events", old).then().statusCode(404);
        RestAssured.get("/api/v1/jobs/{id}", recent).then().statusCode(200);
        RestAssured.get("/api/v1/jobs/{id}", oldButRunning).then().statusCode(200);
    }

    @Test
    void openApiDocumentsTheJobsApi() {
        RestAssured.get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/jobs/{id}/cancel'.post.responses.'409'.description", equalTo("The job has already completed"));
    }

    static void awaitJob(String jobId, String path, Object expected) {
        await().atMost(WAIT).untilAsserted(() -> RestAssured.get("/api/v1/jobs/{id}", jobId).then()
                .statusCode(200).body(path, equalTo(expected)));
    }
}
