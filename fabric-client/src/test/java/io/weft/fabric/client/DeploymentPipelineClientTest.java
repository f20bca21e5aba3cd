package io.weft.fabric.client;

import io.weft.fabric.client.deploymentpipeline.DeployRequest;
import io.weft.fabric.client.deploymentpipeline.Deployment;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipeline;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipelineClient;
import io.weft.fabric.client.deploymentpipeline.DeploymentRef;
import io.weft.fabric.client.deploymentpipeline.PipelineStage;
import io.weft.fabric.client.deploymentpipeline.StageItem;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployment pipelines against the emulator: resolve, stages, stage items, deploy as an LRO, its execution plan. */
@ExtendWith(FabricEmulatorExtension.class)
class DeploymentPipelineClientTest {

    private FabricEmulator emulator;
    private RecordingSleeper sleeper;
    private DeploymentPipelineClient pipelines;
    private DeploymentPipeline pipeline;
    private List<PipelineStage> stages;
    private String dev;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(true).retryAfterSeconds(1).operationDuration(Duration.ofMillis(300)).pageSize(2);
        // waits what it is asked (the emulator's operations end on the wall clock) and records it
        sleeper = RecordingSleeper.over(Sleeper.THREAD);
        FabricClient client = FabricClient.create(EmulatorSettings.of(emulator));
        pipelines = new DeploymentPipelineClient(client.http(), new io.weft.fabric.client.operation.OperationPoller(client.http(), sleeper));
        pipelines.create("Other", null, List.of("A", "B"));
        pipelines.create("Another", null, List.of("A", "B"));
        pipeline = pipelines.create("Sales Release", "dev to prod", List.of("Development", "Test", "Production"));
        stages = pipelines.stages(pipeline.id());
        dev = emulator.admin().createWorkspace("Sales Dev");
        pipelines.assignWorkspace(pipeline.id(), stages.get(0).id(), dev);
        pipelines.assignWorkspace(pipeline.id(), stages.get(1).id(), emulator.admin().createWorkspace("Sales QA"));
    }

    @Test
    void aPipelineResolvesByNameAcrossPagesOrById() {
        assertThat(pipelines.resolve("sales release").id()).isEqualTo(pipeline.id());
        assertThat(pipelines.resolve(pipeline.id()).displayName()).isEqualTo("Sales Release");
        assertThat(pipelines.stages(pipeline.id())).extracting(PipelineStage::displayName, PipelineStage::order, PipelineStage::hasWorkspace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Development", 0, true),
                        org.assertj.core.groups.Tuple.tuple("Test", 1, true), org.assertj.core.groups.Tuple.tuple("Production", 2, false));
        assertThat(pipelines.stages(pipeline.id()).get(1).workspaceName()).isEqualTo("Sales QA");
        assertThatThrownBy(() -> pipelines.resolve("Nope"))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.NOT_FOUND));
    }

    @Test
    void aDeployIsAwaitedAsSentAndItsRecordListsEveryItemsStep() {
        String sales = emulator.admin().createSemanticModel(dev, "Sales", "Orders");
        emulator.admin().createSemanticModel(dev, "Finance", "Ledger");
        assertThat(pipelines.stageItems(pipeline.id(), stages.get(0).id())).extracting(StageItem::itemDisplayName)
                .containsExactlyInAnyOrder("Sales", "Finance");

        DeploymentRef started = pipelines.startDeploy(pipeline.id(), new DeployRequest(stages.get(0).id(), stages.get(1).id(),
                List.of(new DeployRequest.Item(sales, "SemanticModel")), "release 1"));
        Deployment done = pipelines.awaitDeploy(started, null);

        assertThat(started.deploymentId()).isNotEqualTo(started.operation().operationId());
        assertThat(started.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(sleeper.waits(Sleeper.POLL + " " + started.operation().operationId())).first().isEqualTo(Duration.ofSeconds(1));
        assertThat(done.status()).isEqualTo("Succeeded");
        assertThat(done.steps()).singleElement().satisfies(step -> {
            assertThat(step.status()).isEqualTo("Succeeded");
            assertThat(step.preDeploymentDiffState()).isEqualTo("New");
            assertThat(step.sourceAndTarget().sourceItemDisplayName()).isEqualTo("Sales");
            assertThat(step.sourceAndTarget().targetItemId()).isNotNull();
        });
        assertThat(pipelines.stageItems(pipeline.id(), stages.get(1).id())).extracting(StageItem::itemDisplayName, StageItem::sourceItemId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Sales", sales));
    }

    @Test
    void aRecordedDeploymentIsReattachedAndPolledAtOnce() {
        String sales = emulator.admin().createSemanticModel(dev, "Sales", "Orders");
        DeploymentRef started = pipelines.startDeploy(pipeline.id(), new DeployRequest(stages.get(0).id(), stages.get(1).id(),
                List.of(new DeployRequest.Item(sales, "SemanticModel")), null));
        sleeper.clear();

        Deployment done = pipelines.awaitDeploy(started.reattached(), null);

        assertThat(done.status()).isEqualTo("Succeeded");
        List<Duration> waits = sleeper.waits(Sleeper.POLL + " " + started.operation().operationId());
        assertThat(waits).as("no wait before the first poll; Retry-After between the later ones").allMatch(w -> w.equals(Duration.ofSeconds(1)));
        assertThat(emulator.admin().requests()).filteredOn(e -> e.path().endsWith("/deploy")).hasSize(1);
    }

    @Test
    void aPartlyFailedDeploymentIsReturnedWithEachItemsError() {
        emulator.admin().createSemanticModel(dev, "Sales", "Orders");
        emulator.admin().createSemanticModel(dev, "Finance", "Ledger");
        emulator.admin().addFault(Fault.operationFailure("DeployItem:Finance", "ItemDeploymentFailed", "The data source is unreachable"));

        Deployment done = pipelines.awaitDeploy(pipelines.startDeploy(pipeline.id(),
                new DeployRequest(stages.get(0).id(), stages.get(1).id(), null, null)), null);

        assertThat(done.status()).isEqualTo("Failed");
        assertThat(done.steps()).filteredOn(step -> "Failed".equals(step.status())).singleElement().satisfies(step -> {
            assertThat(step.sourceAndTarget().sourceItemDisplayName()).isEqualTo("Finance");
            assertThat(step.error().path("errorCode").asText()).isEqualTo("ItemDeploymentFailed");
        });
        assertThat(done.steps()).filteredOn(step -> "Succeeded".equals(step.status())).hasSize(1);
    }

    @Test
    void aDeployToAStageWithoutWorkspaceIsRefusedWithFabricsCode() {
        emulator.admin().createSemanticModel(dev, "Sales", "Orders");
        assertThatThrownBy(() -> pipelines.startDeploy(pipeline.id(), new DeployRequest(stages.get(1).id(), stages.get(2).id(), null, null)))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isIn("NoItemsToDeploy",
                        "DeploymentPipelineStageHasNoAssignedWorkspace"));
        assertThatThrownBy(() -> pipelines.startDeploy(pipeline.id(), new DeployRequest(stages.get(0).id(), stages.get(1).id(),
                java.util.Collections.nCopies(301, new DeployRequest.Item("x", "Report")), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 300");
    }
}
