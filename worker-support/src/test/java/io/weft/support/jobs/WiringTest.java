package io.weft.support.jobs;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.StagedArchive;
import io.weft.contracts.command.TableManifest;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobSucceeded;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import io.weft.testsupport.kafka.TopicReader.Received;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring across modules, through a real broker: a command published as a binary-mode CloudEvent by the
 * gateway's publishing code is consumed by the workers' runner, and job events come back.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class WiringTest {

    @Inject
    CommandPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void commandTravelsAsCloudEventAndJobEventsComeBack() {
        ProvisionGraphScenario command = command("retail");

        publisher.publish(command);

        try (TopicReader commands = TopicReader.open(bootstrapServers, Topics.PROVISION_COMMANDS);
                TopicReader events = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            Received published = commands.awaitUntil(Duration.ofSeconds(30), all -> all.stream()
                    .anyMatch(r -> command.jobId().equals(r.headers().get("ce_subject")))).stream()
                    .filter(r -> command.jobId().equals(r.headers().get("ce_subject"))).findFirst().orElseThrow();
            assertThat(published.key()).isEqualTo("Sales Analytics");
            assertThat(published.ceType()).isEqualTo(MessageType.PROVISION_GRAPH_SCENARIO.ceType());
            assertThat(published.headers()).containsKeys("ce_id", "ce_source", "ce_time", "ce_specversion");
            assertThat(published.message()).isEqualTo(command);

            List<JobEvent> jobEvents = eventsOf(events, command.jobId(), JobSucceeded.class);
            assertThat(jobEvents).extracting(e -> MessageType.of(e).name()).containsExactly(
                    "JOB_STARTED", "STEP_STARTED", "STEP_PROGRESSED", "STEP_SUCCEEDED", "STEP_STARTED", "STEP_SUCCEEDED",
                    "JOB_SUCCEEDED");
            assertThat(jobEvents).extracting(JobEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(jobEvents).extracting(JobEvent::attempt).containsOnly(jobEvents.get(0).attempt());
            assertThat(((JobSucceeded) jobEvents.get(6)).result()).containsEntry("scenario", "retail");
        }
    }

    @Test
    void progressReportedFromManyThreadsReachesTheTopicInSequenceOrder() {
        ProvisionGraphScenario command = command("parallel-progress");

        publisher.publish(command);

        try (TopicReader events = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            List<JobEvent> jobEvents = eventsOf(events, command.jobId(), JobSucceeded.class);
            int progressEvents = EchoWorker.PROGRESS_THREADS * EchoWorker.REPORTS_PER_THREAD;
            assertThat(jobEvents).filteredOn(e -> e instanceof io.weft.contracts.event.StepProgressed).hasSize(progressEvents);
            // Numbered and sent as one act: the tracker folds by sequence and must never see a later number first.
            assertThat(jobEvents).extracting(JobEvent::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, jobEvents.size()).boxed().toList());
        }
    }

    @Test
    void rejectedCommandFailsItsJobAndGoesToTheDeadLetterTopicWithTheReason() {
        ProvisionGraphScenario command = command("reject-me");

        publisher.publish(command);

        try (TopicReader deadLetters = TopicReader.open(bootstrapServers, Topics.PROVISION_DEAD_LETTERS);
                TopicReader events = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            List<JobEvent> jobEvents = eventsOf(events, command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) jobEvents.get(jobEvents.size() - 1);
            assertThat(failed.error().code()).isEqualTo("StagedArchiveMissing");
            assertThat(failed.error().retriable()).isFalse();

            // Matched by job id: other tests of this module dead-letter records on the same broker.
            Received dead = deadLetters.awaitUntil(Duration.ofSeconds(30), all -> all.stream()
                            .anyMatch(r -> command.jobId().equals(r.headers().get("ce_subject")))).stream()
                    .filter(r -> command.jobId().equals(r.headers().get("ce_subject"))).findFirst().orElseThrow();
            assertThat(dead.headers().get(DeadLetterHeaders.REASON)).contains("no staged archive at file:///nowhere");
            assertThat(dead.message()).isEqualTo(command);
        }
    }

    private static List<JobEvent> eventsOf(TopicReader events, String jobId, Class<? extends JobEvent> last) {
        return events.awaitUntil(Duration.ofSeconds(30), all -> all.stream()
                        .anyMatch(r -> jobId.equals(r.key()) && last.isInstance(r.message())))
                .stream().filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
    }

    static ProvisionGraphScenario command(String scenario) {
        return new ProvisionGraphScenario(UUID.randomUUID().toString(), "Sales Analytics", scenario, "retail_lh",
                "retail_ontology", new StagedArchive("file:///nowhere/" + scenario + ".tar.gz", 10,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", scenario + ".tar.gz"),
                new ScenarioManifest(List.of(new TableManifest("customers", "entities/customers.csv", List.of("id"), 10)), 10),
                Instant.parse("2026-11-21T23:00:00Z"));
    }
}
