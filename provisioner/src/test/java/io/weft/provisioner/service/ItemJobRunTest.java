package io.weft.provisioner.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.Topics;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.ItemJobParameter;
import io.weft.contracts.command.RunItemJob;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepSucceeded;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.JobBehaviour;
import io.weft.provisioner.CommandPublisher;
import io.weft.provisioner.JobEvents;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Item-job runs end to end: commands through the real broker, Fabric's job scheduler through the emulator over
 * HTTPS with the real fabric-client. Each test works in a workspace of its own.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(FabricEmulatorResource.class)
class ItemJobRunTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    CommandPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void eachItemTypeRunsWithItsParametersToSuccess() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline", "nightly_load");
        String notebook = item(ws, "Notebook", "enrich");
        String spark = item(ws, "SparkJobDefinition", "compact");
        RunItemJob runPipeline = command(ws, null, "nightly_load", "DataPipeline",
                List.of(new ItemJobParameter("OrderKey", "Integer", 25), new ItemJobParameter("Region", "Text", "EMEA")), null);
        RunItemJob runNotebook = command(ws, notebook, null, "Notebook", List.of(new ItemJobParameter("inputPath", "Text", "Files/in.csv")), null);
        RunItemJob runSpark = command(ws, null, "compact", "SparkJobDefinition", List.of(), null);

        publisher.publish(runPipeline);
        publisher.publish(runNotebook);
        publisher.publish(runSpark);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            for (RunItemJob run : List.of(runPipeline, runNotebook, runSpark)) {
                List<JobEvent> all = events.await(run.jobId(), JobSucceeded.class);
                Map<String, Object> result = ((JobSucceeded) all.get(all.size() - 1)).result();
                assertThat(result.get("jobType")).isEqualTo(io.weft.contracts.command.ItemJobRules.jobType(run));
                assertThat(instance(result).get("status")).isEqualTo("Completed");
                assertThat(instance(result)).containsKeys("startTimeUtc", "endTimeUtc");
                assertThat(statusesReported(all)).as("status transitions as events").last().asString().endsWith(": Completed");
            }
        }
        assertThat(emulator.admin().jobs().runCount(pipeline)).isEqualTo(1);
        assertThat(emulator.admin().jobs().runCount(notebook)).isEqualTo(1);
        assertThat(emulator.admin().jobs().runCount(spark)).isEqualTo(1);
        var sent = json(emulator.admin().jobs().runRequestsJson(pipeline).get(0)).path("parameters");
        assertThat(sent.get(0).path("name").asText()).isEqualTo("OrderKey");
        assertThat(sent.get(0).path("value").asInt()).isEqualTo(25);
        assertThat(sent.get(1).path("value").asText()).isEqualTo("EMEA");
        assertThat(json(emulator.admin().jobs().runRequestsJson(spark).get(0)).has("parameters")).isFalse();
    }

    @Test
    void aFailedRunFailsTheJobWithFabricsReason() {
        String ws = workspace();
        String notebook = item(ws, "Notebook", "broken");
        emulator.admin().jobs().script(notebook, JobBehaviour.fails(Duration.ofMillis(200), "NotebookExecutionFailed", "cell 3: division by zero"));
        RunItemJob run = command(ws, notebook, null, "Notebook", List.of(), null);

        publisher.publish(run);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(run.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.step()).isEqualTo(ItemJobSteps.AWAIT_RUN);
            assertThat(failed.error().code()).isEqualTo("NotebookExecutionFailed");
            assertThat(failed.error().message()).contains("cell 3: division by zero");
            assertThat(failed.error().requestId()).isNotBlank();
            assertThat(failed.error().resource()).isEqualTo("broken");
        }
    }

    @Test
    void aBudgetOverrunCancelsTheFabricRunAndTimesOut() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline", "forever");
        emulator.admin().jobs().script(pipeline, JobBehaviour.stuck(Duration.ofMillis(300)));
        RunItemJob run = command(ws, pipeline, null, "DataPipeline", List.of(), 1L);

        publisher.publish(run);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(run.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.error().code()).isEqualTo(ItemJobRun.TIMED_OUT);
            assertThat(failed.error().message()).contains("was cancelled");
            assertThat(statusesReported(all)).last().asString().endsWith(": Cancelled");
        }
        assertThat(emulator.admin().jobs().cancelRequested(instanceOf(ws, pipeline))).isTrue();
    }

    @Test
    void aUserCancelCancelsTheFabricRunAndEndsCancelledOnceFabricSaysSo() {
        String ws = workspace();
        String spark = item(ws, "SparkJobDefinition", "long_spark");
        emulator.admin().jobs().script(spark, JobBehaviour.stuck(Duration.ofMillis(500)));
        RunItemJob run = command(ws, spark, null, "SparkJobDefinition", List.of(), null);

        publisher.publish(run);
        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.awaitUntil(run.jobId(), TIMEOUT, all -> all.stream().anyMatch(e -> e instanceof StepProgressed p
                    && p.step().equals(ItemJobSteps.AWAIT_RUN) && String.valueOf(p.detail()).endsWith("InProgress")));
            Instant cancelAt = Instant.now();
            publisher.publish(new CancelJob(run.jobId(), "wrong parameters", Instant.now()));

            List<JobEvent> all = events.await(run.jobId(), JobCancelled.class);
            assertThat(statusesReported(all)).last().asString().endsWith(": Cancelled");
            assertThat(all.get(all.size() - 1).occurredAt()).as("only once Fabric says Cancelled, 500 ms after the request")
                    .isAfter(cancelAt.plusMillis(500));
        }
        assertThat(emulator.admin().jobs().cancelRequested(instanceOf(ws, spark))).isTrue();
    }

    @Test
    void aRedeliveredCommandReattachesToItsRunInsteadOfStartingASecond() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline", "once");
        emulator.admin().jobs().script(pipeline, JobBehaviour.completes(Duration.ZERO, Duration.ofMillis(500)));
        RunItemJob run = command(ws, pipeline, null, "DataPipeline", List.of(), null);

        publisher.publish(run);
        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.await(run.jobId(), JobSucceeded.class);
            publisher.publish(run); // the same command again, as a redelivery after a crash brings it
            List<JobEvent> all = events.awaitCount(run.jobId(), JobSucceeded.class, 2);
            List<StepSucceeded> starts = all.stream().filter(e -> e instanceof StepSucceeded s && s.step().equals(ItemJobSteps.START_RUN))
                    .map(StepSucceeded.class::cast).toList();
            assertThat(starts).hasSize(2);
            assertThat(starts.get(0).output().get("reattached")).isEqualTo(false);
            assertThat(starts.get(1).output().get("reattached")).isEqualTo(true);
            assertThat(starts.get(1).output().get("jobInstanceId")).isEqualTo(starts.get(0).output().get("jobInstanceId"));
        }
        assertThat(emulator.admin().jobs().runCount(pipeline)).as("the emulator counts exactly one run").isEqualTo(1);
    }

    @Test
    void aDedupedRunSucceedsNamingTheRunningInstance() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline", "dupe");
        emulator.admin().jobs().script(pipeline, JobBehaviour.stuck(Duration.ZERO), JobBehaviour.deduped());
        String running = startDirectly(ws, pipeline);
        RunItemJob run = command(ws, pipeline, null, "DataPipeline", List.of(), null);

        publisher.publish(run);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(run.jobId(), JobSucceeded.class);
            Map<String, Object> instance = instance(((JobSucceeded) all.get(all.size() - 1)).result());
            assertThat(instance.get("status")).isEqualTo("Deduped");
            assertThat(instance.get("dedupedBy")).isEqualTo(running);
        }
    }

    @Test
    void invalidParametersAreRefusedBeforeAnyCallAllAtOnce() {
        String ws = workspace();
        String pipeline = item(ws, "DataPipeline", "strict");
        String spark = item(ws, "SparkJobDefinition", "no_params");
        RunItemJob bad = command(ws, pipeline, null, "DataPipeline", List.of(new ItemJobParameter("When", "DateTime", "yesterday"),
                new ItemJobParameter("Count", "Integer", 2.5), new ItemJobParameter("count", "Text", "x"),
                new ItemJobParameter("Id", "Guid", "not-a-guid")), null);
        RunItemJob sparkWithParameters = command(ws, spark, null, "SparkJobDefinition", List.of(new ItemJobParameter("a", "Text", "b")), null);

        publisher.publish(bad);
        publisher.publish(sparkWithParameters);

        try (JobEvents events = JobEvents.open(bootstrapServers);
                TopicReader deadLetters = TopicReader.open(bootstrapServers, Topics.PROVISION_DEAD_LETTERS)) {
            JobFailed failed = (JobFailed) last(events.await(bad.jobId(), JobFailed.class));
            assertThat(failed.error().code()).isEqualTo("InvalidItemJob");
            assertThat(failed.error().message()).contains("parameters[0]: 'When': a DateTime value must be an ISO-8601 date-time, not 'yesterday'")
                    .contains("parameters[1]: 'Count': an Integer value must be a whole number, not 2.5")
                    .contains("parameters[2]: 'count': the name is used twice")
                    .contains("parameters[3]: 'Id': a Guid value must be a GUID, not 'not-a-guid'");
            JobFailed sparkFailed = (JobFailed) last(events.await(sparkWithParameters.jobId(), JobFailed.class));
            assertThat(sparkFailed.error().message()).contains("SparkJobDefinition takes no parameters");
            deadLetters.awaitUntil(TIMEOUT, all -> all.stream().anyMatch(r -> bad.jobId().equals(r.headers().get("ce_subject"))));
        }
        assertThat(emulator.admin().jobs().runCount(pipeline)).isZero();
        assertThat(emulator.admin().jobs().runCount(spark)).isZero();
    }

    // ------------------------------------------------------------ fixtures

    private String workspace() {
        return emulator.admin().createWorkspace("runs-" + UUID.randomUUID());
    }

    private String item(String ws, String type, String name) {
        return emulator.admin().createItem(ws, type, name);
    }

    private String startDirectly(String ws, String itemId) {
        return emulator.admin().jobs().startRun(ws, itemId, "Pipeline");
    }

    private String instanceOf(String ws, String itemId) {
        return emulator.admin().jobs().instanceIds(itemId).get(0);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RunItemJob command(String ws, String itemId, String itemName, String itemType, List<ItemJobParameter> parameters,
            Long budgetSeconds) {
        return new RunItemJob(UUID.randomUUID().toString(), ws, itemId, itemName, itemType, null, parameters, budgetSeconds, Instant.now());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> instance(Map<String, Object> result) {
        return (Map<String, Object>) result.get("instance");
    }

    private static List<String> statusesReported(List<JobEvent> all) {
        return all.stream().filter(e -> e instanceof StepProgressed p && "status".equals(p.unit()))
                .map(e -> String.valueOf(((StepProgressed) e).detail())).toList();
    }

    private static JobEvent last(List<JobEvent> all) {
        return all.get(all.size() - 1);
    }
}
