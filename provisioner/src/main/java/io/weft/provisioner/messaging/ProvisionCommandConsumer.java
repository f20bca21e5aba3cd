package io.weft.provisioner.messaging;

import io.smallrye.common.annotation.Blocking;
import io.weft.contracts.MessageType;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.ProvisionWorkspace;
import io.weft.contracts.command.RunItemJob;
import io.weft.provisioner.service.GraphScenarioJob;
import io.weft.provisioner.service.ItemJobRun;
import io.weft.provisioner.service.workspace.WorkspaceJob;
import io.weft.support.jobs.JobRunner;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Takes commands from {@code weft.commands.provision} and hands them to the {@link JobRunner}, which queues
 * them per workspace and acknowledges each only when its job reached a terminal state. The CloudEvent type picks
 * the handler; a record whose type is not an item-job run goes to the graph-scenario path, whose decoding rejects
 * (dead-letters) anything it does not know.
 */
@ApplicationScoped
public class ProvisionCommandConsumer {

    /** The incoming channel of provisioning commands; its topic is {@code weft.commands.provision}. */
    public static final String CHANNEL = "provision-commands";

    private final JobRunner runner;
    private final GraphScenarioJob graphScenario;
    private final WorkspaceJob workspace;
    private final ItemJobRun itemJob;

    public ProvisionCommandConsumer(JobRunner runner, GraphScenarioJob graphScenario, WorkspaceJob workspace,
            ItemJobRun itemJob) {
        this.runner = runner;
        this.graphScenario = graphScenario;
        this.workspace = workspace;
        this.itemJob = itemJob;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String type = CloudEvents.typeOf(message).orElse("");
        if (MessageType.PROVISION_WORKSPACE.ceType().equals(type)) {
            return runner.submit(message, ProvisionWorkspace.class, workspace);
        }
        if (MessageType.RUN_ITEM_JOB.ceType().equals(type)) {
            return runner.submit(message, RunItemJob.class, itemJob);
        }
        // Any other record, readable or not, goes the graph-scenario way, whose decoding rejects what is not one.
        return runner.submit(message, ProvisionGraphScenario.class, graphScenario);
    }
}
