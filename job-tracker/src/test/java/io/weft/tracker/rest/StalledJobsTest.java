package io.weft.tracker.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Messages;
import io.weft.testsupport.time.MovableClock;
import io.weft.tracker.support.TrackerKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.weft.tracker.rest.JobApiTest.awaitJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs that have not completed and have been silent longer than their kind allows show as stalled, measured
 * on the tracker's clock (moved here, no waiting): the test profile sets semantic-model's running threshold to
 * 10 min, every other threshold is the 30 min default.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class StalledJobsTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsAdmin() {
        io.weft.tracker.support.Authorized.asAdmin();
    }

    private static final long ATTEMPT = 1_763_769_600_000L;
    private static TrackerKafka kafka;
    private MovableClock clock;

    @BeforeAll
    static void producer() {
        kafka = new TrackerKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @BeforeEach
    void installClock() {
        clock = new MovableClock(Instant.now());
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void silentQueuedAndRunningJobsStallAfterTheirKindsThresholdAndAnEventEndsIt() {
        String workspace = "ws-stall-" + UUID.randomUUID();
        Instant base = Instant.parse("2026-11-22T08:00:00Z");
        String queued = "queued-" + UUID.randomUUID();
        String running = "running-" + UUID.randomUUID();
        String done = "done-" + UUID.randomUUID();
        kafka.publish(Messages.provision(queued, workspace, base));
        kafka.publish(Messages.deploy(running, workspace, base));
        kafka.publish(new JobStarted(running, ATTEMPT, 1, base.plus(1, ChronoUnit.MINUTES), "semantic-model", workspace,
                List.of("deploy")));
        kafka.publish(Messages.provision(done, workspace, base));
        kafka.publish(new JobSucceeded(done, ATTEMPT, 1, base.plusSeconds(5), Map.of()));
        awaitJob(queued, "lifecycle", "QUEUED");
        awaitJob(running, "lifecycle", "RUNNING");
        awaitJob(done, "lifecycle", "COMPLETED");

        clock.set(base.plus(5, ChronoUnit.MINUTES));
        JsonPath job = RestAssured.get("/api/v1/jobs/{id}", queued).then().statusCode(200).extract().jsonPath();
        assertThat(job.getBoolean("stalled")).isFalse();
        assertThat(job.getString("lastEventAt")).isEqualTo("2026-11-22T08:00:00Z");
        assertThat(job.getLong("silentForSeconds")).isEqualTo(300);
        assertThat(job.getLong("stalledAfterSeconds")).isEqualTo(1800);
        assertThat(stalled(workspace, "true")).isEmpty();

        // 11 min after its last event the semantic model deployment (threshold 10 min) is stalled; the queued
        // graph scenario (30 min) is not yet.
        clock.set(base.plus(12, ChronoUnit.MINUTES));
        job = RestAssured.get("/api/v1/jobs/{id}", running).then().statusCode(200).extract().jsonPath();
        assertThat(job.getBoolean("stalled")).isTrue();
        assertThat(job.getLong("silentForSeconds")).isEqualTo(660);
        assertThat(job.getLong("stalledAfterSeconds")).isEqualTo(600);
        assertThat(stalled(workspace, "true")).containsExactly(running);
        assertThat(stalled(workspace, "false")).containsExactlyInAnyOrder(queued, done);
        JsonPath list = RestAssured.given().queryParam("workspace", workspace).get("/api/v1/jobs").then()
                .statusCode(200).extract().jsonPath();
        assertThat(list.getBoolean("items.find { it.id == '" + running + "' }.stalled")).isTrue();
        assertThat(list.getBoolean("items.find { it.id == '" + queued + "' }.stalled")).isFalse();

        clock.set(base.plus(31, ChronoUnit.MINUTES));
        assertThat(stalled(workspace, "true")).containsExactlyInAnyOrder(running, queued);
        job = RestAssured.get("/api/v1/jobs/{id}", done).then().statusCode(200).extract().jsonPath();
        assertThat(job.getBoolean("stalled")).as("a completed job never stalls").isFalse();
        assertThat(job.getString("silentForSeconds")).isNull();

        // The worker speaks again: the job is no longer stalled.
        kafka.publish(new StepStarted(running, ATTEMPT, 2, base.plus(31, ChronoUnit.MINUTES), "deploy"));
        awaitJob(running, "stalled", false);
        assertThat(stalled(workspace, "true")).containsExactly(queued);
        RestAssured.given().queryParam("stalled", "maybe").get("/api/v1/jobs").then().statusCode(400);
    }

    @Test
    void jobKindsListTheContractsKindsWithTheirThresholds() {
        JsonPath kinds = RestAssured.get("/api/v1/job-kinds").then().statusCode(200).extract().jsonPath();
        assertThat(kinds.getList("kind", String.class)).contains("graph-scenario", "semantic-model");
        assertThat(kinds.getLong("find { it.kind == 'semantic-model' }.runningStalledAfterSeconds")).isEqualTo(600);
        assertThat(kinds.getLong("find { it.kind == 'semantic-model' }.queuedStalledAfterSeconds")).isEqualTo(1800);
        assertThat(kinds.getLong("find { it.kind == 'graph-scenario' }.runningStalledAfterSeconds")).isEqualTo(1800);
    }

    private static List<String> stalled(String workspace, String stalled) {
        return RestAssured.given().queryParam("workspace", workspace).queryParam("stalled", stalled)
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
    }
}
