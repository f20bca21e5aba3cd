package io.weft.tracker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.SseClient;
import io.weft.tracker.support.TrackerKafka;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.weft.tracker.rest.JobApiTest.awaitJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class JobStreamTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsAdmin() {
        io.weft.tracker.support.Authorized.asAdmin();
    }

    private static final Logger LOG = Logger.getLogger(JobStreamTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long ATTEMPT = 1_763_769_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TrackerKafka kafka;

    @TestHTTPResource("/api/v1/jobs")
    URL jobs;

    @BeforeAll
    static void producer() {
        kafka = new TrackerKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @Test
    void snapshotThenEveryChangeThenResumeFromLastEventIdWithoutGaps() throws Exception {
        String workspace = "ws-stream-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        kafka.publish(Messages.provision(first, workspace, Instant.now()));
        awaitJob(first, "lifecycle", "QUEUED");

        String lastSeen;
        try (SseClient stream = new SseClient(jobs + "/stream?workspace=" + workspace, null)) {
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            SseClient.Event snapshot = stream.events().get(0);
            assertThat(snapshot.name()).isEqualTo("snapshot");
            JsonNode snapshotData = JSON.readTree(snapshot.data());
            assertThat(snapshotData.path("jobs").findValuesAsText("id")).containsExactly(first);
            assertThat(snapshotData.path("cursor").asLong()).isEqualTo(Long.parseLong(snapshot.id()));

            long published = System.nanoTime();
            kafka.publish(new JobStarted(first, ATTEMPT, 1, Instant.now(), "graph-scenario", workspace,
                    List.of("upload-files", "load-tables")));
            SseClient.Event running = awaitEvent(stream, "job", first, "RUNNING");
            LOG.infof("Publish-to-SSE latency: %d ms", (running.receivedAtNanos() - published) / 1_000_000);
            assertThat(Long.parseLong(running.id())).isGreaterThan(Long.parseLong(snapshot.id()));
            lastSeen = running.id();
        }

        String second = UUID.randomUUID().toString();
        kafka.publish(new StepStarted(first, ATTEMPT, 2, Instant.now(), "upload-files"));
        kafka.publish(new JobSucceeded(first, ATTEMPT, 3, Instant.now(), Map.of()));
        kafka.publish(Messages.provision(second, workspace, Instant.now()));
        awaitJob(first, "lifecycle", "COMPLETED");
        awaitJob(second, "lifecycle", "QUEUED");

        try (SseClient resumed = new SseClient(jobs + "/stream?workspace=" + workspace, lastSeen)) {
            awaitEvent(resumed, "job", first, "COMPLETED");
            awaitEvent(resumed, "job", second, "QUEUED");
            List<SseClient.Event> events = resumed.events();
            assertThat(events).extracting(SseClient.Event::name).doesNotContain("snapshot");
            List<Long> ids = new ArrayList<>();
            for (SseClient.Event event : events) {
                ids.add(Long.parseLong(event.id()));
            }
            assertThat(ids).allSatisfy(id -> assertThat(id).isGreaterThan(Long.parseLong(lastSeen)));
            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void filteredStreamTellsWhenAJobLeavesTheFilter() throws Exception {
        String workspace = "ws-leave-" + UUID.randomUUID();
        String jobId = UUID.randomUUID().toString();
        try (SseClient stream = new SseClient(jobs + "/stream?workspace=" + workspace + "&lifecycle=QUEUED,RUNNING", null)) {
            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            kafka.publish(Messages.provision(jobId, workspace, Instant.now()));
            awaitEvent(stream, "job", jobId, "QUEUED");
            kafka.publish(new JobSucceeded(jobId, ATTEMPT, 9, Instant.now(), Map.of()));
            await().atMost(WAIT).until(() -> stream.events().stream().anyMatch(e -> "job-removed".equals(e.name())
                    && e.data().contains(jobId)));
        }
    }

    @Test
    void jobStreamCarriesStepsAndUnknownJobsAre404() throws Exception {
        String jobId = UUID.randomUUID().toString();
        kafka.publish(new JobStarted(jobId, ATTEMPT, 1, Instant.now(), "graph-scenario", "ws-one", List.of("a", "b")));
        awaitJob(jobId, "lifecycle", "RUNNING");
        try (SseClient stream = new SseClient(jobs + "/" + jobId + "/stream", null)) {
            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            JsonNode snapshot = JSON.readTree(stream.events().get(0).data());
            assertThat(snapshot.path("jobs").get(0).path("steps").findValuesAsText("name")).containsExactly("a", "b");
            kafka.publish(new StepStarted(jobId, ATTEMPT, 2, Instant.now(), "a"));
            await().atMost(WAIT).until(() -> stream.events().stream().anyMatch(e -> "job".equals(e.name())
                    && e.data().contains("\"state\":\"RUNNING\"")));
        }
        try (SseClient missing = new SseClient(jobs + "/no-such-job/stream", null)) {
            assertThat(missing.status()).isEqualTo(404);
        }
    }

    private static SseClient.Event awaitEvent(SseClient stream, String name, String jobId, String lifecycle) {
        return await().atMost(WAIT).until(() -> stream.events().stream()
                .filter(e -> name.equals(e.name()) && e.data().contains("\"id\":\"" + jobId + "\"")
                        && e.data().contains("\"lifecycle\":\"" + lifecycle + "\""))
                .findFirst().orElse(null), e -> e != null);
    }
}
