package io.weft.deployer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import io.weft.contracts.command.PromoteStage;
import io.weft.contracts.command.SemanticModelDefinition;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.deployer.ModelFolders;
import io.weft.deployer.definition.DefinitionFile;
import io.weft.deployer.messaging.UpstreamPublisher;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipeline;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipelineClient;
import io.weft.fabric.client.deploymentpipeline.PipelineStage;
import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.admin.RequestLog;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.HostileRecords;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Promotions through the pipeline {@value #PIPELINE}, whose stages hold the test environments p-dev, p-qa and p-prod
 * ({@code src/test/resources/environments/weft-environments.yaml}): the Sales model is deployed to p-dev with its
 * parameters and bindings, promoted stage by stage, and each stage's workspace then holds it with that environment's
 * values and bindings; a plan reads only; a redelivery re-attaches; a failed item is named with Fabric's error.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = {
        @ResourceArg(name = "operation-duration-ms", value = "300"),
        @ResourceArg(name = "retry-after-seconds", value = "1")})
class StagePromotionTest {

    static final String PIPELINE = "env-test Sales Release";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> WORKSPACES = List.of("promo Sales Dev", "promo Sales QA", "promo Sales Prod");
    private static final List<String> STAGES = List.of("Promotion Dev", "Promotion QA", "Promotion Prod");
    private static final List<String> CONNECTIONS = List.of("promo Sales SQL (dev)", "promo Sales SQL (qa)",
            "promo Sales SQL (prod)", "promo Audit SQL (prod)");

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    DeploymentPipelineClient pipelines;

    @Inject
    SemanticModelClient models;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    UpstreamPublisher upstream;

    @BeforeEach
    void pipelineWithAWorkspacePerStage() {
        upstream = new UpstreamPublisher(bootstrapServers);
        emulator.admin().clearFaults();
        emulator.admin().pageSize(100).longRunningOperations(true);
        for (String name : CONNECTIONS) {
            if (connectionId(name) == null) {
                emulator.admin().connections().create(ContractCodec.get().mapper().createObjectNode()
                        .put("displayName", name).put("connectivityType", "ShareableCloud")
                        .set("connectionDetails", ContractCodec.get().mapper().createObjectNode().put("type", "SQL")
                                .put("creationMethod", "SQL").set("parameters", ContractCodec.get().mapper().createArrayNode())));
            }
        }
        if (pipelines.list().stream().noneMatch(p -> p.displayName().equals(PIPELINE))) {
            DeploymentPipeline pipeline = pipelines.create(PIPELINE, "the deployer tests' promotions", STAGES);
            List<PipelineStage> stages = pipelines.stages(pipeline.id());
            for (int i = 0; i < WORKSPACES.size(); i++) {
                String ws = workspaceId(WORKSPACES.get(i));
                pipelines.assignWorkspace(pipeline.id(), stages.get(i).id(), ws != null ? ws : emulator.admin().createWorkspace(WORKSPACES.get(i)));
            }
        }
    }

    @AfterEach
    void closePublisher() {
        emulator.admin().clearFaults();
        upstream.close();
    }

    @Test
    void aModelPromotedDevToQaToProdHoldsEachEnvironmentsValuesAndBindingsAndAPlanOfItChangesNothing() {
        deployToDev(ModelFolders.sharedSalesExample());

        JobSucceeded toQa = succeeded(promote("p-dev", "p-qa", false));
        JobSucceeded toProd = succeeded(promote("p-qa", "p-prod", false));

        assertThat(toQa.result()).containsEntry("pipeline", PIPELINE).containsEntry("sourceStage", "Promotion Dev")
                .containsEntry("targetStage", "Promotion QA").containsEntry("environment", "p-qa");
        assertThat(expressions("promo Sales QA")).contains("expression SqlServer = \"p-qa-sql.contoso.example\" meta")
                .contains("expression SqlDatabase = \"sales_pqa\" meta");
        assertThat(expressions("promo Sales Prod")).contains("expression SqlServer = \"p-prod-sql.contoso.example\" meta")
                .contains("expression SqlDatabase = \"sales_pprod\" meta").doesNotContain("p-qa");
        assertThat(expressions("promo Sales Dev")).as("the source keeps its own values").contains("sales_pdev");
        assertThat(emulator.admin().connections().bindings(modelId("promo Sales QA")))
                .extracting(b -> b.path("connectionId").asText(), b -> b.path("connectionDetails").path("path").asText())
                .containsExactly(tuple(connectionId("promo Sales SQL (qa)"), "p-qa-sql.contoso.example;sales_pqa"));
        assertThat(emulator.admin().connections().bindings(modelId("promo Sales Prod")))
                .extracting(b -> b.path("connectionId").asText())
                .containsExactly(connectionId("promo Sales SQL (prod)"), connectionId("promo Audit SQL (prod)"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deployed = (List<Map<String, Object>>) toProd.result().get("deployed");
        assertThat(deployed).extracting(d -> d.get("itemType"), d -> d.get("name"), d -> d.get("status"))
                .contains(tuple("SemanticModel", "Sales", "Succeeded"));

        emulator.admin().clearRequests();
        JobSucceeded plan = succeeded(promote("p-qa", "p-prod", true));

        assertThat(emulator.admin().requests()).as("a plan only reads").isNotEmpty().noneMatch(RequestLog.Entry::isWrite);
        assertThat(plan.result()).containsEntry("planned", true);
        assertThat(planned(plan)).extracting(p -> p.get("itemType"), p -> p.get("name"), p -> p.get("action"))
                .containsExactly(tuple("SemanticModel", "Sales", "unchanged"),
                        tuple("ConnectionBinding", "Sales: SQL 'p-prod-sql.contoso.example;sales_pprod'", "update"),
                        tuple("ConnectionBinding", "Sales: SQL 'p-prod-sql.contoso.example;audit'", "update"));
    }

    @Test
    void aPlanAfterAChangeInDevListsTheDefinitionPartsThatDifferAndAStageWithoutTheModelAsCreate() {
        deployToDev(ModelFolders.sharedSalesExample());
        succeeded(promote("p-dev", "p-qa", false));
        List<DefinitionFile> changed = new ArrayList<>(ModelFolders.sharedSalesExample());
        changed.add(new DefinitionFile("definition/tables/Returns.tmdl", "table Returns\n\tcolumn Id\n\t\tdataType: int64\n\t\tsourceColumn: Id\n"
                .getBytes(StandardCharsets.UTF_8)));
        deployToDev(changed);
        FabricItem inQa = models.findByName(workspaceId("promo Sales QA"), "Sales").orElseThrow();
        emulator.admin().clearRequests();

        JobSucceeded plan = succeeded(promote("p-dev", "p-qa", true));

        assertThat(emulator.admin().requests()).noneMatch(RequestLog.Entry::isWrite);
        Map<String, Object> sales = planned(plan).get(0);
        assertThat(sales).containsEntry("action", "update");
        assertThat(sales.get("changedParts")).asList().contains("definition/tables/Returns.tmdl")
                .doesNotContain("definition/expressions.tmdl", ".platform");
        assertThat(models.findByName(workspaceId("promo Sales QA"), "Sales").orElseThrow()).isEqualTo(inQa);
        assertThat(models.getDefinition(workspaceId("promo Sales QA"), inQa.id(), "TMDL", op -> { }).part("definition/tables/Returns.tmdl"))
                .as("nothing was deployed").isEmpty();
    }

    @Test
    void aRedeliveredPromotionReattachesToItsDeploymentInsteadOfDeployingAgain() {
        deployToDev(ModelFolders.sharedSalesExample());
        PromoteStage command = command("p-dev", "p-qa", false);
        emulator.admin().clearRequests();

        publish(command);
        succeeded(command.jobId());
        publish(command); // the same command again, as a redelivery after a crash brings it

        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            List<StepSucceeded> deploys = reader.awaitUntil(TIMEOUT, all -> all.stream().filter(r -> command.jobId().equals(r.key())
                            && r.message() instanceof JobSucceeded).count() == 2).stream()
                    .filter(r -> command.jobId().equals(r.key()) && r.message() instanceof StepSucceeded s
                            && s.step().equals(StagePromotion.DEPLOY_CONTENT)).map(r -> (StepSucceeded) r.message()).toList();
            assertThat(deploys).extracting(s -> s.output().get("reattachedBatches")).containsExactly(0, 1);
            assertThat(deploys.get(1).output().get("deploymentIds")).isEqualTo(deploys.get(0).output().get("deploymentIds"));
        }
        assertThat(emulator.admin().requests()).filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/deploy"))
                .as("one deploy for both deliveries").hasSize(1);
    }

    @Test
    void aFailedItemFailsTheJobWithFabricsErrorForIt() {
        deployToDev(ModelFolders.sharedSalesExample());
        emulator.admin().addFault(Fault.operationFailure("DeployItem:Sales", "ItemDeploymentFailed", "The data source is unreachable"));

        List<JobEvent> events = events(publish(command("p-dev", "p-qa", false)));

        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertThat(failed.step()).isEqualTo(StagePromotion.DEPLOY_CONTENT);
        assertThat(failed.error().code()).isEqualTo("DeploymentOperationFailed");
        assertThat(failed.error().message()).contains("1 of 1 items failed to deploy from stage 'Promotion Dev' to stage 'Promotion QA'")
                .contains("SemanticModel 'Sales': [ItemDeploymentFailed] The data source is unreachable");
        assertThat(failed.error().resource()).isEqualTo("Sales");
    }

    @Test
    void namesThatMatchNothingFailBeforeAnyDeployNamingWhatIsThere() {
        deployToDev(ModelFolders.sharedSalesExample());
        emulator.admin().clearRequests();

        JobFailed unknownStage = (JobFailed) last(events(publish(new PromoteStage(UUID.randomUUID().toString(), PIPELINE,
                "p-dev", "Staging", null, null, false, Instant.now()))));
        JobFailed missingItems = (JobFailed) last(events(publish(new PromoteStage(UUID.randomUUID().toString(), PIPELINE,
                "p-dev", "p-qa", List.of(new PromoteStage.PromotedItem("SemanticModel", "Salez"),
                        new PromoteStage.PromotedItem("Report", "Sales")), null, false, Instant.now()))));
        JobFailed unknownPipeline = (JobFailed) last(events(publish(new PromoteStage(UUID.randomUUID().toString(), "No Such Pipeline",
                "p-dev", "p-qa", null, null, false, Instant.now()))));

        assertThat(unknownStage.error().code()).isEqualTo(StagePromotion.STAGE_NOT_FOUND);
        assertThat(unknownStage.error().message()).isEqualTo("Pipeline '" + PIPELINE + "' has no stage 'Staging'; its stages are"
                + " Promotion Dev, Promotion QA, Promotion Prod");
        assertThat(missingItems.step()).isEqualTo(StagePromotion.SELECT_ITEMS);
        assertThat(missingItems.error().message()).isEqualTo("Stage 'Promotion Dev' (workspace 'promo Sales Dev') has no"
                + " SemanticModel 'Salez', no Report 'Sales'");
        assertThat(unknownPipeline.error().code()).isEqualTo("NotFound");
        assertThat(unknownPipeline.error().message()).contains("No deployment pipeline named 'No Such Pipeline'");
        assertThat(emulator.admin().requests()).noneMatch(RequestLog.Entry::isWrite);
    }

    @Test
    void noHostilePromotionRecordStopsTheDeployer() {
        deployToDev(ModelFolders.sharedSalesExample());
        PromoteStage valid = command("p-dev", "p-qa", true);
        List<HostileRecords.Published> hostile = HostileRecords.publish(bootstrapServers, Topics.DEPLOY_COMMANDS, valid.partitionKey(),
                HostileRecords.corpus(MessageType.PROMOTE_STAGE, MessageType.RUN_ITEM_JOB));

        publish(valid);

        succeeded(valid.jobId());
        Map<String, String> reasons = HostileRecords.awaitDeadLettered(bootstrapServers, Topics.DEPLOY_DEAD_LETTERS, hostile, TIMEOUT);
        assertThat(reasons).hasSize(hostile.size()).allSatisfy((kind, reason) -> assertThat(reason).as(kind).isNotBlank());
    }

    @Test
    @SuppressWarnings("unchecked")
    void moreItemsThanOneDeployTakesGoInBatchesOfThreeHundred() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String source = emulator.admin().createWorkspace("batch source " + suffix);
        String target = emulator.admin().createWorkspace("batch target " + suffix);
        DeploymentPipeline pipeline = pipelines.create("batch " + suffix, null, List.of("Batch A", "Batch B"));
        List<PipelineStage> stages = pipelines.stages(pipeline.id());
        pipelines.assignWorkspace(pipeline.id(), stages.get(0).id(), source);
        pipelines.assignWorkspace(pipeline.id(), stages.get(1).id(), target);
        for (int i = 0; i < 301; i++) {
            emulator.admin().createItem(source, "DataPipeline", "load_" + i);
        }
        emulator.admin().clearRequests();
        PromoteStage command = new PromoteStage(UUID.randomUUID().toString(), pipeline.displayName(), "Batch A", "Batch B",
                null, null, false, Instant.now());

        JobSucceeded done = succeeded(publish(command));

        assertThat(emulator.admin().requests()).filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/deploy")).hasSize(2);
        assertThat((List<String>) done.result().get("deploymentIds")).hasSize(2).doesNotHaveDuplicates();
        assertThat((List<Map<String, Object>>) done.result().get("deployed")).hasSize(301)
                .allSatisfy(item -> assertThat(item).containsEntry("status", "Succeeded").containsEntry("diff", "New"));
        assertThat(pipelines.stageItems(pipeline.id(), stages.get(1).id())).hasSize(301);
    }

    // ------------------------------------------------------------------ helpers

    private void deployToDev(List<DefinitionFile> files) {
        DeploySemanticModel command = new DeploySemanticModel(UUID.randomUUID().toString(), null, "Sales", DeploymentMode.PROD, true,
                new SemanticModelDefinition(DefinitionFormat.TMDL, ModelFolders.parts(files), null), Instant.now(), "p-dev", null);
        upstream.publish(command);
        succeeded(command.jobId());
        assertThat(expressions("promo Sales Dev")).contains("expression SqlServer = \"p-dev-sql.contoso.example\" meta");
    }

    private static PromoteStage command(String source, String target, boolean plan) {
        return new PromoteStage(UUID.randomUUID().toString(), PIPELINE, source, target,
                List.of(new PromoteStage.PromotedItem("SemanticModel", "Sales")), "test promotion", plan, Instant.now());
    }

    private String promote(String source, String target, boolean plan) {
        return publish(command(source, target, plan));
    }

    private String publish(PromoteStage command) {
        upstream.publish(command.partitionKey(), command.jobId(), MessageType.PROMOTE_STAGE.ceType(), UUID.randomUUID().toString(),
                ContractCodec.get().encode(command));
        return command.jobId();
    }

    private JobSucceeded succeeded(String jobId) {
        List<JobEvent> events = events(jobId);
        assertThat(last(events)).as("job %s: %s", jobId, last(events)).isInstanceOf(JobSucceeded.class);
        assertThat(((JobStarted) events.get(0)).steps()).isNotEmpty();
        return (JobSucceeded) last(events);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> planned(JobSucceeded plan) {
        return (List<Map<String, Object>>) plan.result().get("plan");
    }

    private static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }

    private String expressions(String workspace) {
        String ws = workspaceId(workspace);
        DefinitionPart part = models.getDefinition(ws, modelId(workspace), "TMDL", op -> { }).part("definition/expressions.tmdl").orElseThrow();
        return part.contentAsString();
    }

    private String modelId(String workspace) {
        return models.findByName(workspaceId(workspace), "Sales").orElseThrow().id();
    }


    private String connectionId(String name) {
        return emulator.admin().connections().list().stream().filter(c -> c.path("displayName").asText().equals(name))
                .map(c -> c.path("id").asText()).findFirst().orElse(null);
    }

    private String workspaceId(String name) {
        return StreamSupport.stream(emulator.admin().state().path("workspaces").spliterator(), false)
                .filter(w -> w.path("displayName").asText().equals(name)).map(w -> w.path("id").asText())
                .findFirst().orElse(null);
    }

    private List<JobEvent> events(String jobId) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            return reader.awaitUntil(TIMEOUT, all -> all.stream().anyMatch(r -> jobId.equals(r.key())
                            && (r.message() instanceof JobSucceeded || r.message() instanceof JobFailed))).stream()
                    .filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
        }
    }
}
