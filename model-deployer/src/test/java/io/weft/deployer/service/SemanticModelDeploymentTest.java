package io.weft.deployer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import io.weft.contracts.command.SemanticModelDefinition;
import io.weft.contracts.command.StagedArchive;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.deployer.FixedClock;
import io.weft.deployer.ModelFolders;
import io.weft.deployer.definition.DefinitionFile;
import io.weft.deployer.messaging.UpstreamPublisher;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.support.staging.StagingStore;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.HostileRecords;
import io.weft.testsupport.kafka.HostileRecords.Published;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import io.weft.testsupport.kafka.TopicReader.Received;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

import static io.weft.deployer.ModelFolders.INVENTORY_TMSL;
import static io.weft.deployer.ModelFolders.SALES_TMDL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The deployer end to end: commands published to the real broker as an upstream system would, the real
 * fabric-client against the fabric-emulator over HTTPS, job events and dead letters read back from Kafka.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = {
        @ResourceArg(name = "operation-duration-ms", value = "300"),
        @ResourceArg(name = "retry-after-seconds", value = "1")})
class SemanticModelDeploymentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant REQUESTED_AT = Instant.parse("2026-11-21T10:11:12.345Z");

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    SemanticModelClient models;

    @Inject
    StagingStore staging;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    UpstreamPublisher upstream;
    String workspace;
    String workspaceId;

    @BeforeEach
    void freshWorkspace() {
        upstream = new UpstreamPublisher(bootstrapServers);
        emulator.admin().clearFaults();
        emulator.admin().pageSize(100).longRunningOperations(true);
        workspace = "deploy-" + UUID.randomUUID();
        workspaceId = emulator.admin().createWorkspace(workspace);
    }

    @AfterEach
    void closePublisher() {
        upstream.close();
    }

    @Test
    void prodCreatesAnAbsentModelWith201() {
        emulator.admin().longRunningOperations(false);
        int operationsBefore = operations("CreateItem");
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));

        upstream.publish(command);

        JobSucceeded done = succeeded(command);
        assertThat(done.result()).containsEntry("modelName", "Sales").containsEntry("outcome", "created")
                .containsEntry("mode", "prod").containsEntry("workspaceId", workspaceId).containsEntry("format", "TMDL")
                .containsEntry("deployedAt", FixedClock.NOW.toString());
        JsonNode model = model("Sales");
        assertThat(model.path("id").asText()).isEqualTo(done.result().get("modelId"));
        assertThat(paths(model)).contains("definition.pbism", "definition/model.tmdl", "definition/tables/Sales.tmdl")
                .doesNotContain(".pbi/localSettings.json");
        assertThat(model.path("description").asText()).isEqualTo("Sales by customer and product [weft:created-by:" + command.jobId() + "]");
        assertThat(operations("CreateItem")).as("201: no long-running operation").isEqualTo(operationsBefore);
    }

    @Test
    void prodCreatesAnAbsentModelWith202AndReportsEveryStep() {
        int operationsBefore = operations("CreateItem");
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobSucceeded done = (JobSucceeded) events.get(events.size() - 1);
        assertThat(done.result()).containsEntry("outcome", "created").containsEntry("modelName", "Sales");
        assertThat(model("Sales").path("id").asText()).isEqualTo(done.result().get("modelId"));
        assertThat(operations("CreateItem")).as("202: one long-running operation").isEqualTo(operationsBefore + 1);
        assertThat(((JobStarted) events.get(0)).steps()).containsExactly(
                "package-definition", "resolve-workspace", "find-model", "deploy-definition");
        assertThat(events.stream().filter(StepStarted.class::isInstance).map(e -> ((StepStarted) e).step()))
                .containsExactly("package-definition", "resolve-workspace", "find-model", "deploy-definition");
        assertThat(events.stream().filter(StepProgressed.class::isInstance).map(e -> (StepProgressed) e)
                .filter(p -> p.step().equals("deploy-definition")).toList())
                .last().satisfies(p -> assertThat(p.percentComplete()).isEqualTo(100));
    }

    @Test
    void prodUpdatesInPlaceWith200WhenConfirmed() {
        emulator.admin().longRunningOperations(false);
        String existingId = seed("Sales", INVENTORY_TMSL);
        int operationsBefore = operations("UpdateDefinition");
        DeploySemanticModel command = prod("Sales", true, inline(SALES_TMDL));

        upstream.publish(command);

        JobSucceeded done = succeeded(command);
        assertThat(done.result()).containsEntry("modelId", existingId).containsEntry("outcome", "updated");
        assertThat(paths(model("Sales"))).contains("definition/model.tmdl").doesNotContain("model.bim");
        assertThat(models.list(workspaceId)).hasSize(1);
        assertThat(operations("UpdateDefinition")).as("200: no long-running operation").isEqualTo(operationsBefore);
    }

    @Test
    void prodUpdatesInPlaceWith202WhenConfirmed() {
        String existingId = seed("Sales", INVENTORY_TMSL);
        int operationsBefore = operations("UpdateDefinition");
        DeploySemanticModel command = prod("Sales", true, inline(SALES_TMDL));

        upstream.publish(command);

        JobSucceeded done = succeeded(command);
        assertThat(done.result()).containsEntry("modelId", existingId).containsEntry("outcome", "updated");
        JsonNode model = model("Sales");
        assertThat(paths(model)).contains("definition/model.tmdl");
        assertThat(model.path("displayName").asText()).as(".platform stamped with the final name").isEqualTo("Sales");
        assertThat(model.path("description").asText()).endsWith("[weft:updated-by:" + command.jobId() + "]");
        assertThat(operations("UpdateDefinition")).as("202: one long-running operation").isEqualTo(operationsBefore + 1);
    }

    @Test
    void prodRefusesToOverwriteWithoutConfirmation() {
        String existingId = seed("Sales", INVENTORY_TMSL);
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertThat(failed.step()).isEqualTo("deploy-definition");
        assertThat(failed.error().code()).isEqualTo("OverwriteNotConfirmed");
        assertThat(failed.error().message()).contains("'Sales'").contains("confirmOverwrite=true").contains(existingId);
        assertThat(failed.error().resource()).isEqualTo("Sales");
        assertThat(failed.error().retriable()).isFalse();
        assertThat(events).anyMatch(e -> e instanceof StepFailed s && s.step().equals("deploy-definition"));
        assertThat(paths(model("Sales"))).as("definition untouched").contains("model.bim").doesNotContain("definition/model.tmdl");
    }

    @Test
    void devModeCreatesATimestampedModelEachIteration() {
        seed("Sales", INVENTORY_TMSL);
        DeploySemanticModel first = command(DeploymentMode.DEV, "Sales", false, inline(SALES_TMDL), REQUESTED_AT);
        DeploySemanticModel second = command(DeploymentMode.DEV, "Sales", false, inline(SALES_TMDL),
                REQUESTED_AT.plusSeconds(90));

        upstream.publish(first);
        upstream.publish(second);

        JobSucceeded firstDone = succeeded(first);
        JobSucceeded secondDone = succeeded(second);
        assertThat(firstDone.result()).containsEntry("modelName", "Sales_20261121T101112Z").containsEntry("outcome", "created")
                .containsEntry("mode", "dev");
        assertThat((String) secondDone.result().get("modelName")).matches("Sales_\\d{8}T\\d{6}Z").isEqualTo("Sales_20261121T101242Z");
        assertThat(models.list(workspaceId)).extracting(FabricItem::displayName)
                .containsExactlyInAnyOrder("Sales", "Sales_20261121T101112Z", "Sales_20261121T101242Z");
        assertThat(model("Sales_20261121T101112Z").path("id").asText()).isEqualTo(firstDone.result().get("modelId"));
    }

    @Test
    void failedOperationFailsTheJobWithFabricsCodeMessageAndRequestId() {
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "Workload_FailedToParseFile",
                "Cannot resolve all the paths while de-serializing Database"));
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertThat(failed.error().summary())
                .isEqualTo("[Workload_FailedToParseFile] Cannot resolve all the paths while de-serializing Database");
        assertThat(failed.error().requestId()).isNotBlank();
        assertThat(failed.error().resource()).isEqualTo("Sales");
        assertThat(failed.step()).isEqualTo("deploy-definition");
        assertThat(models.list(workspaceId)).isEmpty();
    }

    @Test
    void findsTheModelOnALaterPageOfTheList() {
        emulator.admin().longRunningOperations(false);
        for (String name : List.of("Alpha", "Beta", "Gamma", "Delta")) {
            seed(name, INVENTORY_TMSL);
        }
        String targetId = seed("Sales", INVENTORY_TMSL);
        emulator.admin().pageSize(2);
        List<String> listed = models.list(workspaceId).stream().map(FabricItem::id).toList();
        assertThat(listed).hasSize(5);
        assertThat(listed.indexOf(targetId)).as("the match is not on page one").isGreaterThanOrEqualTo(2);
        DeploySemanticModel command = prod("Sales", true, inline(SALES_TMDL));

        upstream.publish(command);

        JobSucceeded done = succeeded(command);
        assertThat(done.result()).containsEntry("modelId", targetId).containsEntry("outcome", "updated");
        assertThat(models.list(workspaceId)).hasSize(5);
    }

    @Test
    void invalidDefinitionFailsTheJobAndGoesToTheDeadLetterTopicWithTheReasons() {
        List<DefinitionPart> parts = ModelFolders.parts(ModelFolders.with(ModelFolders.files(SALES_TMDL), null,
                "definition/model.tmdl"));
        DeploySemanticModel command = prod("Sales", false, new SemanticModelDefinition(DefinitionFormat.TMDL, parts, null));

        upstream.publish(command);

        JobFailed failed = (JobFailed) last(eventsUntilTerminal(command.jobId()));
        assertThat(failed.error().code()).isEqualTo("InvalidDefinition");
        assertThat(failed.error().message()).isEqualTo("'definition/model.tmdl' is missing; a TMDL definition needs it");
        Received dead = deadLetter(command.jobId());
        assertThat(dead.headers().get(DeadLetterHeaders.REASON)).contains("'definition/model.tmdl' is missing");
        assertThat(dead.key()).isEqualTo(workspace);
        assertThat(models.list(workspaceId)).isEmpty();
    }

    @Test
    void unknownCommandVersionGoesToTheDeadLetterTopic() {
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));

        upstream.publish(command, "io.weft.deploy.semantic-model.requested.v2", UUID.randomUUID().toString());

        Received dead = deadLetter(command.jobId());
        assertThat(dead.headers().get(DeadLetterHeaders.REASON)).contains("unknown type or version 'io.weft.deploy.semantic-model.requested.v2'");
        assertThat(dead.ceType()).isEqualTo("io.weft.deploy.semantic-model.requested.v2");
        JobFailed failed = (JobFailed) last(eventsUntilTerminal(command.jobId()));
        assertThat(failed.error().code()).isEqualTo("InvalidCommand");
        assertThat(models.list(workspaceId)).isEmpty();
    }

    @Test
    void duplicateDeliveryLeavesOneModel() {
        DeploySemanticModel dev = command(DeploymentMode.DEV, "Sales", false, inline(SALES_TMDL), REQUESTED_AT);
        DeploySemanticModel prod = prod("Orders", false, inline(SALES_TMDL));
        String ceId = UUID.randomUUID().toString();

        upstream.publish(dev, UpstreamPublisher.TYPE_V1, ceId);
        upstream.publish(dev, UpstreamPublisher.TYPE_V1, ceId);
        upstream.publish(prod);
        upstream.publish(prod);

        for (DeploySemanticModel command : List.of(dev, prod)) {
            List<JobSucceeded> successes = events(command.jobId(), all -> all.stream().filter(JobSucceeded.class::isInstance).count() == 2)
                    .stream().filter(JobSucceeded.class::isInstance).map(JobSucceeded.class::cast).toList();
            assertThat(successes).extracting(s -> s.result().get("modelId")).as("both deliveries end on the same model")
                    .containsOnly(successes.get(0).result().get("modelId"));
            assertThat(successes).extracting(s -> s.result().get("outcome")).containsOnly("created");
            assertThat(successes.get(0).attempt()).isNotEqualTo(successes.get(1).attempt());
        }
        assertThat(models.list(workspaceId)).extracting(FabricItem::displayName)
                .containsExactlyInAnyOrder("Sales_20261121T101112Z", "Orders");
    }

    @Test
    void deploysAStagedArchiveToAWorkspaceGivenByGuid(@TempDir Path dir) throws Exception {
        emulator.admin().longRunningOperations(false);
        Path archive = ModelFolders.tarGz(SALES_TMDL, dir.resolve("sales.tar.gz"));
        StagedArchive staged;
        try (InputStream in = Files.newInputStream(archive)) {
            staged = staging.stage(in, "sales.tar.gz");
        }
        DeploySemanticModel command = new DeploySemanticModel(UUID.randomUUID().toString(), workspaceId, "Sales",
                DeploymentMode.PROD, false, new SemanticModelDefinition(DefinitionFormat.TMDL, null, staged), REQUESTED_AT);

        upstream.publish(command);

        JobSucceeded done = succeeded(command);
        assertThat(done.result()).containsEntry("workspaceId", workspaceId).containsEntry("outcome", "created");
        assertThat(paths(model("Sales"))).contains("definition/tables/Customers.tmdl", "definition/cultures/en-US.tmdl");
    }

    @Test
    void hostileStagedArchiveIsRejectedWithTheReason(@TempDir Path dir) throws Exception {
        List<DefinitionFile> files = new ArrayList<>(ModelFolders.files(SALES_TMDL));
        files.add(new DefinitionFile("../../etc/cron.d/evil", new byte[] {1}));
        Path archive = ModelFolders.zip(files, dir.resolve("sales.zip"));
        StagedArchive staged;
        try (InputStream in = Files.newInputStream(archive)) {
            staged = staging.stage(in, "sales.zip");
        }
        DeploySemanticModel command = prod("Sales", false, new SemanticModelDefinition(DefinitionFormat.TMDL, null, staged));

        upstream.publish(command);

        JobFailed failed = (JobFailed) last(eventsUntilTerminal(command.jobId()));
        assertThat(failed.error().code()).isEqualTo("ArchiveRejected");
        assertThat(failed.error().message()).isEqualTo("the staged archive sales.zip is refused:"
                + " entry '../../etc/cron.d/evil': '..' is not allowed in paths");
        assertThat(deadLetter(command.jobId()).headers().get(DeadLetterHeaders.REASON)).contains("'..' is not allowed");
        assertThat(models.list(workspaceId)).isEmpty();
    }

    @Test
    void tamperedStagedArchiveIsRejected(@TempDir Path dir) throws Exception {
        Path archive = ModelFolders.tarGz(SALES_TMDL, dir.resolve("sales.tar.gz"));
        StagedArchive staged;
        try (InputStream in = Files.newInputStream(archive)) {
            staged = staging.stage(in, "sales.tar.gz");
        }
        StagedArchive wrongHash = new StagedArchive(staged.uri(), staged.sizeBytes(), "0".repeat(64), staged.fileName());
        DeploySemanticModel command = prod("Sales", false, new SemanticModelDefinition(DefinitionFormat.TMDL, null, wrongHash));

        upstream.publish(command);

        JobFailed failed = (JobFailed) last(eventsUntilTerminal(command.jobId()));
        assertThat(failed.error().code()).isEqualTo("StagedArchiveMismatch");
        assertThat(failed.error().message()).contains("SHA-256");
        assertThat(deadLetter(command.jobId()).headers().get(DeadLetterHeaders.REASON)).contains("SHA-256");
    }

    @Test
    void cancelIsHonouredBetweenSteps() {
        emulator.admin().addFault(Fault.latency(3_000).matching("GET", "/v1/workspaces"));
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));

        upstream.publish(command);
        events(command.jobId(), all -> all.stream().anyMatch(e -> e instanceof StepStarted s && s.step().equals("resolve-workspace")));
        upstream.cancel(command.jobId(), "superseded by a newer build");

        List<JobEvent> events = events(command.jobId(), all -> all.stream().anyMatch(JobCancelled.class::isInstance));
        JobCancelled cancelled = (JobCancelled) last(events);
        assertThat(cancelled.reason()).isEqualTo("superseded by a newer build");
        assertThat(cancelled.lastCompletedStep()).isEqualTo("resolve-workspace");
        assertThat(events).noneMatch(e -> e instanceof StepStarted s && s.step().equals("find-model"));
        assertThat(models.list(workspaceId)).isEmpty();
    }

    @Test
    void aRedeliveryOverlappingItsOriginalWaitsForTheModelTheOriginalIsCreating() throws Exception {
        emulator.admin().addFault(Fault.slowOperations("CreateItem", 4_000));
        DeploySemanticModel command = prod("Sales", false, inline(SALES_TMDL));
        // The original attempt, still polling its create when the command is delivered again.
        CompletableFuture<String> original = CompletableFuture.supplyAsync(() -> models.create(workspaceId, "Sales",
                DeploymentMarker.created(null, command.jobId()), fabricDefinition(SALES_TMDL), p -> {
                }).id());
        await().atMost(TIMEOUT).until(() -> items().stream().anyMatch(i -> i.path("displayName").asText().equals("Sales")
                && !i.path("visible").asBoolean()));

        upstream.publish(command);

        JobSucceeded done = succeeded(command);
        assertThat(done.result()).containsEntry("outcome", "created").containsEntry("modelId", original.get());
        assertThat(models.list(workspaceId)).hasSize(1);
    }

    @Test
    void noRecordOnTheCommandTopicStopsTheDeployer() {
        emulator.admin().longRunningOperations(false);
        DeploySemanticModel valid = prod("Sales", false, inline(SALES_TMDL));
        List<Published> hostile = HostileRecords.publish(bootstrapServers, Topics.DEPLOY_COMMANDS, valid.workspace(),
                HostileRecords.corpus(MessageType.DEPLOY_SEMANTIC_MODEL, MessageType.PROVISION_GRAPH_SCENARIO));

        upstream.publish(valid);

        assertThat(succeeded(valid).result()).containsEntry("outcome", "created");
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        Map<String, String> reasons = HostileRecords.awaitDeadLettered(bootstrapServers, Topics.DEPLOY_DEAD_LETTERS,
                hostile, TIMEOUT);
        assertThat(reasons).hasSize(hostile.size()).hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy((kind, reason) -> assertThat(reason).as(kind).isNotBlank());
        assertThat(reasons.get("batch-format")).contains("batch format is not accepted");
        assertThat(reasons.get("structured-type-for-another-topic")).contains("is not a DeploySemanticModel");
        Map<String, JobFailed> failed = HostileRecords.awaitJobsFailed(bootstrapServers, hostile, TIMEOUT);
        assertThat(failed).hasSize((int) hostile.stream().filter(p -> p.hostile().jobId() != null).count());
    }

    @Test
    void aStructuredModeCommandHasTheSameJobHistoryAsItsBinaryModeTwin() {
        emulator.admin().longRunningOperations(false);
        DeploySemanticModel binary = prod("Sales", false, inline(SALES_TMDL));
        String otherWorkspace = "deploy-" + UUID.randomUUID();
        String otherWorkspaceId = emulator.admin().createWorkspace(otherWorkspace);
        DeploySemanticModel structured = new DeploySemanticModel(UUID.randomUUID().toString(), otherWorkspace,
                binary.modelName(), binary.mode(), binary.confirmOverwrite(), binary.definition(), binary.requestedAt());

        upstream.publish(binary);
        upstream.publishStructured(structured);

        List<JobEvent> viaHeaders = eventsUntilTerminal(binary.jobId());
        List<JobEvent> viaStructured = eventsUntilTerminal(structured.jobId());
        assertThat(last(viaStructured)).isInstanceOf(JobSucceeded.class);
        assertThat(history(viaStructured)).containsExactlyElementsOf(history(viaHeaders));
        Map<String, Object> result = new java.util.HashMap<>(((JobSucceeded) last(viaStructured)).result());
        Map<String, Object> twin = new java.util.HashMap<>(((JobSucceeded) last(viaHeaders)).result());
        assertThat(result.remove("workspaceId")).isEqualTo(otherWorkspaceId);
        assertThat(twin.remove("workspaceId")).isEqualTo(workspaceId);
        result.remove("modelId");
        twin.remove("modelId");
        assertThat(result).isEqualTo(twin).containsEntry("outcome", "created");
    }

    /** A job's events without what differs between two jobs (ids, times): type, step, sequence, progress. */
    private static List<String> history(List<JobEvent> events) {
        return events.stream().map(e -> MessageType.of(e).name() + ":" + e.sequence()
                + (e instanceof io.weft.contracts.event.StepEvent s ? ":" + s.step() : "")
                + (e instanceof StepProgressed p ? ":" + p.done() + "/" + p.total() : "")).toList();
    }

    // ------------------------------------------------------------------ helpers

    private DeploySemanticModel prod(String name, boolean confirm, SemanticModelDefinition definition) {
        return command(DeploymentMode.PROD, name, confirm, definition, REQUESTED_AT);
    }

    private DeploySemanticModel command(DeploymentMode mode, String name, boolean confirm, SemanticModelDefinition definition,
            Instant requestedAt) {
        return new DeploySemanticModel(UUID.randomUUID().toString(), workspace, name, mode, confirm, definition, requestedAt);
    }

    private static SemanticModelDefinition inline(String folder) {
        return new SemanticModelDefinition(folder.equals(SALES_TMDL) ? DefinitionFormat.TMDL : DefinitionFormat.TMSL,
                ModelFolders.parts(folder), null);
    }

    /** Creates a model directly through the fabric-client, as someone else would have. */
    private String seed(String name, String folder) {
        return models.create(workspaceId, name, "seeded", fabricDefinition(folder), p -> {
        }).id();
    }

    private static ItemDefinition fabricDefinition(String folder) {
        return new ItemDefinition(null, ModelFolders.files(folder).stream()
                .filter(f -> !f.path().startsWith(".pbi/"))
                .map(f -> io.weft.fabric.client.item.DefinitionPart.inline(f.path(), f.content())).toList());
    }

    private JsonNode model(String name) {
        return items().stream().filter(i -> i.path("type").asText().equals("SemanticModel")
                && i.path("displayName").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no semantic model '" + name + "' in " + workspace));
    }

    private List<JsonNode> items() {
        JsonNode ws = StreamSupport.stream(emulator.admin().state().path("workspaces").spliterator(), false)
                .filter(w -> w.path("id").asText().equals(workspaceId)).findFirst().orElseThrow();
        return StreamSupport.stream(ws.path("items").spliterator(), false).toList();
    }

    private static List<String> paths(JsonNode model) {
        List<String> paths = new ArrayList<>();
        model.path("definitionParts").forEach(p -> paths.add(p.asText()));
        return paths;
    }

    private int operations(String kind) {
        return (int) StreamSupport.stream(emulator.admin().state().path("operations").spliterator(), false)
                .filter(o -> o.path("kind").asText().equals(kind)).count();
    }

    private JobSucceeded succeeded(DeploySemanticModel command) {
        JobEvent last = last(eventsUntilTerminal(command.jobId()));
        assertThat(last).as("job %s ended with %s", command.jobId(), last).isInstanceOf(JobSucceeded.class);
        return (JobSucceeded) last;
    }

    private List<JobEvent> eventsUntilTerminal(String jobId) {
        return events(jobId, all -> all.stream().anyMatch(e -> e instanceof JobSucceeded || e instanceof JobFailed));
    }

    private List<JobEvent> events(String jobId, java.util.function.Predicate<List<JobEvent>> until) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            return reader.awaitUntil(TIMEOUT, all -> until.test(of(all, jobId))).stream()
                    .filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
        }
    }

    private static List<JobEvent> of(List<Received> records, String jobId) {
        return records.stream().filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
    }

    private Received deadLetter(String jobId) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.DEPLOY_DEAD_LETTERS)) {
            return reader.awaitUntil(TIMEOUT, all -> all.stream().anyMatch(r -> jobId.equals(r.headers().get("ce_subject"))))
                    .stream().filter(r -> jobId.equals(r.headers().get("ce_subject"))).findFirst().orElseThrow();
        }
    }

    private static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }
}
