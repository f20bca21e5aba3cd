package io.weft.deployer.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.SemanticModelDefinition;
import io.weft.contracts.command.SemanticModelRefreshOptions;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.deployer.ModelFolders;
import io.weft.deployer.messaging.UpstreamPublisher;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.RefreshBehaviour;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.HostileRecords;
import io.weft.testsupport.kafka.HostileRecords.Published;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import io.weft.testsupport.kafka.TopicReader.Received;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.weft.deployer.ModelFolders.SALES_TMDL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Semantic model refreshes end to end: commands on the real broker, the real fabric-client against the emulator's
 * Power BI API (its own path and token audience), job events read back from Kafka.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = {
        @ResourceArg(name = "operation-duration-ms", value = "300"),
        @ResourceArg(name = "retry-after-seconds", value = "1")})
class SemanticModelRefreshTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant REQUESTED_AT = Instant.parse("2026-12-02T10:00:00Z");

    @InjectFabricEmulator
    FabricEmulator emulator;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    UpstreamPublisher upstream;
    String workspace;
    String workspaceId;

    @BeforeEach
    void freshWorkspace() {
        upstream = new UpstreamPublisher(bootstrapServers);
        emulator.admin().clearFaults();
        emulator.admin().pageSize(100).longRunningOperations(false);
        emulator.admin().refreshes().defaultBehaviour(RefreshBehaviour.completes(Duration.ZERO, Duration.ofMillis(100)));
        workspace = "refresh-" + UUID.randomUUID();
        workspaceId = emulator.admin().createWorkspace(workspace);
    }

    @AfterEach
    void closePublisher() {
        upstream.close();
        emulator.admin().refreshes().defaultBehaviour(null);
    }

    @Test
    void deployThenRefreshIsOneJobWhoseLastStepsRefreshTheDeployedModel() {
        DeploySemanticModel command = new DeploySemanticModel(UUID.randomUUID().toString(), workspace, "Sales", DeploymentMode.PROD,
                false, new SemanticModelDefinition(DefinitionFormat.TMDL, ModelFolders.parts(SALES_TMDL), null), REQUESTED_AT, null,
                new SemanticModelRefreshOptions(null, "Full", null, null, null, null, null, 600L));

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobStarted started = (JobStarted) events.get(0);
        assertThat(started.kind()).isEqualTo("semantic-model");
        assertThat(started.steps()).containsExactly("package-definition", "resolve-workspace", "find-model", "deploy-definition",
                "await-running-refresh", "start-refresh", "await-refresh");
        JobSucceeded done = (JobSucceeded) last(events);
        String modelId = (String) done.result().get("modelId");
        assertThat(done.result()).containsEntry("outcome", "created");
        @SuppressWarnings("unchecked")
        Map<String, Object> refresh = (Map<String, Object>) done.result().get("refresh");
        assertThat(refresh).containsEntry("status", "Completed");
        assertThat(emulator.admin().refreshes().refreshCount(modelId)).isEqualTo(1);
        assertThat(emulator.admin().refreshes().requestsJson(modelId)).singleElement().asString().contains("\"type\":\"Full\"");
        assertThat(stepsStarted(events)).containsExactlyElementsOf(started.steps());
    }

    @Test
    void anEnhancedRefreshOfTwoTablesReportsEachTablesProgress() {
        String model = emulator.admin().createSemanticModel(workspaceId, "Sales", "Customers", "Orders", "Products");
        emulator.admin().refreshes().script(model, RefreshBehaviour.completes(Duration.ZERO, Duration.ofMillis(1200)));
        RefreshSemanticModel command = refresh("Sales", new SemanticModelRefreshOptions(null, "DataOnly", "Transactional", 1, 0,
                List.of(new SemanticModelRefreshOptions.RefreshObject("Customers", null),
                        new SemanticModelRefreshOptions.RefreshObject("Orders", null)), "00:30:00", null));

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        assertThat(((JobStarted) events.get(0)).kind()).isEqualTo("semantic-model-refresh");
        List<String> progress = events.stream().filter(e -> e instanceof StepProgressed p && "await-refresh".equals(p.step()))
                .map(e -> ((StepProgressed) e).done() + "/" + ((StepProgressed) e).total() + " " + ((StepProgressed) e).detail()).toList();
        assertThat(progress).anySatisfy(p -> assertThat(p).startsWith("0/2").contains("Customers: InProgress", "Orders: NotStarted"));
        assertThat(progress).anySatisfy(p -> assertThat(p).startsWith("1/2").contains("Customers: Completed", "Orders: InProgress"));
        assertThat(progress).last().asString().startsWith("2/2").contains("Customers: Completed", "Orders: Completed");
        JobSucceeded done = (JobSucceeded) last(events);
        assertThat(done.result()).containsEntry("modelId", model).containsEntry("enhanced", true);
        assertThat(done.result().get("refresh")).asString().contains("Customers=Completed", "Orders=Completed").doesNotContain("Products");
        assertThat(emulator.admin().refreshes().requestsJson(model).get(0)).contains("\"type\":\"DataOnly\"", "\"maxParallelism\":1",
                "\"timeout\":\"00:30:00\"");
    }

    @Test
    void aRefreshCollidingWithARunningOneWaitsForItInsteadOfBeingRefused() {
        String model = emulator.admin().createSemanticModel(workspaceId, "Sales", "Customers");
        emulator.admin().refreshes().script(model, RefreshBehaviour.completes(Duration.ZERO, Duration.ofMillis(1500)),
                RefreshBehaviour.completes(Duration.ZERO, Duration.ofMillis(100)));
        String scheduled = emulator.admin().refreshes().startScheduledRefresh(workspaceId, model);
        RefreshSemanticModel command = refresh("Sales", null);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobSucceeded done = (JobSucceeded) last(events);
        assertThat(done.result()).containsEntry("waitedFor", List.of(scheduled));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(StepProgressed.class, p -> {
            assertThat(p.step()).isEqualTo("await-running-refresh");
            assertThat(p.detail()).contains("waiting for refresh " + scheduled + " (ViaApi) already running");
        }));
        assertThat(emulator.admin().refreshes().refreshCount(model)).as("the scheduled one and the job's").isEqualTo(2);
    }

    @Test
    void aFailedRefreshFailsTheJobWithTheRefreshsMessages() {
        String model = emulator.admin().createSemanticModel(workspaceId, "Sales", "Customers", "Orders");
        emulator.admin().refreshes().script(model, RefreshBehaviour.fails("Orders", Duration.ofMillis(100),
                new RefreshBehaviour.Message("0xC112001D", "The credentials provided for the SQL source are invalid.")));
        RefreshSemanticModel command = refresh(model, null);

        upstream.publish(command);

        JobFailed failed = (JobFailed) last(eventsUntilTerminal(command.jobId()));
        assertThat(failed.step()).isEqualTo("await-refresh");
        assertThat(failed.error().code()).isEqualTo("0xC112001D");
        assertThat(failed.error().message()).contains("ended FAILED", "[0xC112001D] The credentials provided for the SQL source are invalid.");
        assertThat(failed.error().resource()).isEqualTo("Sales");
    }

    @Test
    void cancellingTheJobCancelsTheRefreshAndEndsCancelledOncePowerBiSaysSo() {
        String model = emulator.admin().createSemanticModel(workspaceId, "Sales", "Customers");
        emulator.admin().refreshes().script(model, RefreshBehaviour.stuck());
        RefreshSemanticModel command = refresh("Sales", null);

        upstream.publish(command);
        List<JobEvent> running = events(command.jobId(), all -> all.stream().anyMatch(e -> e instanceof StepStarted s
                && "await-refresh".equals(s.step())));
        String refreshId = running.stream().filter(e -> e instanceof StepSucceeded s && "start-refresh".equals(s.step()))
                .map(e -> (String) ((StepSucceeded) e).output().get("refreshId")).findFirst().orElseThrow();
        upstream.cancel(command.jobId(), "model superseded");

        JobEvent last = last(events(command.jobId(), all -> all.stream().anyMatch(e -> e instanceof JobCancelled || e instanceof JobFailed
                || e instanceof JobSucceeded)));
        assertThat(last).isInstanceOf(JobCancelled.class);
        assertThat(emulator.admin().refreshes().cancelRequested(refreshId)).isTrue();
    }

    @Test
    void noHostileRefreshRecordStopsTheDeployer() {
        String model = emulator.admin().createSemanticModel(workspaceId, "Sales", "Customers");
        RefreshSemanticModel valid = refresh(model, null);
        List<Published> hostile = HostileRecords.publish(bootstrapServers, Topics.DEPLOY_COMMANDS, valid.workspace(),
                HostileRecords.corpus(MessageType.REFRESH_SEMANTIC_MODEL, MessageType.RUN_ITEM_JOB));

        upstream.publish(valid);

        assertThat(last(eventsUntilTerminal(valid.jobId()))).isInstanceOf(JobSucceeded.class);
        Map<String, String> reasons = HostileRecords.awaitDeadLettered(bootstrapServers, Topics.DEPLOY_DEAD_LETTERS, hostile, TIMEOUT);
        assertThat(reasons).hasSize(hostile.size()).allSatisfy((kind, reason) -> assertThat(reason).as(kind).isNotBlank());
        assertThat(HostileRecords.awaitJobsFailed(bootstrapServers, hostile, TIMEOUT))
                .hasSize((int) hostile.stream().filter(p -> p.hostile().jobId() != null).count());
    }

    // ------------------------------------------------------------------ helpers

    private RefreshSemanticModel refresh(String model, SemanticModelRefreshOptions options) {
        boolean guid = model.matches("[0-9a-fA-F-]{36}");
        return new RefreshSemanticModel(UUID.randomUUID().toString(), workspace, guid ? model : null, guid ? null : model, options,
                REQUESTED_AT);
    }

    private static List<String> stepsStarted(List<JobEvent> events) {
        return events.stream().filter(e -> e instanceof StepStarted).map(e -> ((StepStarted) e).step()).toList();
    }

    private List<JobEvent> eventsUntilTerminal(String jobId) {
        return events(jobId, all -> all.stream().anyMatch(e -> e instanceof JobSucceeded || e instanceof JobFailed || e instanceof JobCancelled));
    }

    private List<JobEvent> events(String jobId, Predicate<List<JobEvent>> until) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            return reader.awaitUntil(TIMEOUT, all -> until.test(of(all, jobId))).stream()
                    .filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
        }
    }

    private static List<JobEvent> of(List<Received> records, String jobId) {
        return records.stream().filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
    }

    private static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }
}
