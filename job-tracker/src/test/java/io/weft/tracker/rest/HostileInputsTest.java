package io.weft.tracker.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.testsupport.kafka.HostileRecords;
import io.weft.testsupport.kafka.HostileRecords.Published;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.TrackerKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * The tracker against the hostile corpus on the topics it folds, through the real broker and PostgreSQL: every
 * record it cannot fold is counted and stored as a rejected input with its reason (listed by the API), the
 * tracker stays live and ready, and a valid message behind them on the same partition still lands. Structured-
 * and binary-mode inputs fold to the same job.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class HostileInputsTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsAdmin() {
        io.weft.tracker.support.Authorized.asAdmin();
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TrackerKafka kafka;

    @BeforeAll
    static void producer() {
        kafka = new TrackerKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @Test
    void noRecordOnACommandTopicStopsTheTracker() {
        String workspace = "ws-hostile-" + UUID.randomUUID();
        ProvisionGraphScenario valid = Messages.provision(UUID.randomUUID().toString(), workspace, Instant.now());
        List<Published> hostile = HostileRecords.publish(TrackerKafka.bootstrapServers(), Topics.PROVISION_COMMANDS,
                workspace, HostileRecords.corpus(MessageType.PROVISION_GRAPH_SCENARIO, MessageType.CANCEL_JOB));

        kafka.publish(valid);

        JobApiTest.awaitJob(valid.jobId(), "lifecycle", "QUEUED");
        assertRejectedAndStillUp(hostile);
        assertThat(RestAssured.get("/q/openapi").then().statusCode(200).extract().asString())
                .contains("/api/v1/rejected-inputs", "RejectedInputPage");
    }

    @Test
    void noRecordOnTheEventTopicStopsTheTracker() {
        String jobId = UUID.randomUUID().toString();
        List<Published> hostile = HostileRecords.publish(TrackerKafka.bootstrapServers(), Topics.JOB_EVENTS, jobId,
                HostileRecords.corpus(MessageType.JOB_STARTED, MessageType.DEPLOY_SEMANTIC_MODEL));

        kafka.publish(new JobStarted(jobId, 1, 1, Instant.now(), "graph-scenario", "ws-events", List.of("only")));

        JobApiTest.awaitJob(jobId, "lifecycle", "RUNNING");
        assertRejectedAndStillUp(hostile);
    }

    @Test
    void aStructuredModeJobHasTheSameHistoryAsItsBinaryModeTwin() {
        String binary = UUID.randomUUID().toString();
        String structured = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-21T12:00:00Z");
        for (String jobId : List.of(binary, structured)) {
            boolean asStructured = jobId.equals(structured);
            List<io.weft.contracts.WeftMessage> history = List.of(
                    Messages.provision(jobId, "ws-modes", t),
                    new JobStarted(jobId, 1, 1, t.plusSeconds(1), "graph-scenario", "ws-modes", List.of("upload-files")),
                    new StepStarted(jobId, 1, 2, t.plusSeconds(2), "upload-files"),
                    new StepSucceeded(jobId, 1, 3, t.plusSeconds(3), "upload-files", Map.of("files", 4)),
                    new JobSucceeded(jobId, 1, 4, t.plusSeconds(4), Map.of("tables", 4)));
            history.forEach(message -> {
                if (asStructured) {
                    kafka.publishStructured(message);
                } else {
                    kafka.publish(message);
                }
            });
        }

        JobApiTest.awaitJob(binary, "outcome", "SUCCEEDED");
        JobApiTest.awaitJob(structured, "outcome", "SUCCEEDED");
        assertThat(comparable(job(structured))).isEqualTo(comparable(job(binary)));
        assertThat(history(structured)).isEqualTo(history(binary)).hasSize(5);
    }

    @Test
    void aStructuredModeDeadLetterFailsItsJob() {
        String jobId = UUID.randomUUID().toString();
        ProvisionGraphScenario command = Messages.provision(jobId, "ws-dlq", Instant.now());

        kafka.publishStructured(command);
        kafka.deadLetterStructured(command, "InvalidCommand: the staged archive is missing");

        JobApiTest.awaitJob(jobId, "outcome", "FAILED");
        RestAssured.get("/api/v1/jobs/{id}", jobId).then().body("error.message", equalTo(
                "InvalidCommand: the staged archive is missing"));
    }

    private static void assertRejectedAndStillUp(List<Published> hostile) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> stored = rejectedInputs();
            for (Published p : hostile) {
                Map<String, Object> entry = stored.stream().filter(r -> p.topic().equals(r.get("topic"))
                                && ((Number) r.get("partition")).intValue() == p.partition()
                                && ((Number) r.get("offset")).longValue() == p.offset())
                        .findFirst().orElseThrow(() -> new AssertionError(p.hostile().kind() + " is not stored as rejected"));
                assertThat((String) entry.get("reason")).as(p.hostile().kind()).isNotBlank();
                assertThat(entry.get("jobId")).as(p.hostile().kind()).isEqualTo(p.hostile().jobId());
                assertThat(entry).containsKeys("receivedAt");
            }
        });
        assertThat(hostile).hasSizeGreaterThanOrEqualTo(15);
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        double counted = metrics.lines().filter(l -> l.startsWith("weft_tracker_records_rejected_total"))
                // The value follows the name (and labels, if any); an exemplar may follow it.
                .mapToDouble(l -> Double.parseDouble(l.replaceFirst("^[^ ]+ ", "").split(" ")[0])).sum();
        assertThat(counted).isGreaterThanOrEqualTo(hostile.size());
    }

    /** Every stored rejected input, newest first, following the pages. */
    private static List<Map<String, Object>> rejectedInputs() {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = RestAssured.given().queryParam("limit", 100)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/rejected-inputs").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    private static Map<String, Object> job(String jobId) {
        return RestAssured.get("/api/v1/jobs/{id}", jobId).then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** A job as the API shows it, without what differs between two jobs: ids, change sequence, times. */
    @SuppressWarnings("unchecked")
    private static Object comparable(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (!k.equals("id") && !k.equals("jobId") && !k.equals("changeSeq") && !k.endsWith("At")) {
                    copy.put(k, comparable(v));
                }
            });
            return copy;
        }
        if (json instanceof List<?> list) {
            return list.stream().map(HostileInputsTest::comparable).toList();
        }
        return json;
    }

    private static List<String> history(String jobId) {
        return RestAssured.get("/api/v1/jobs/{id}/events", jobId).then().statusCode(200).extract().jsonPath()
                .getList("", Map.class).stream()
                .map(e -> e.get("category") + ":" + e.get("type") + ":" + e.get("attempt") + ":" + e.get("sequence"))
                .toList();
    }
}
