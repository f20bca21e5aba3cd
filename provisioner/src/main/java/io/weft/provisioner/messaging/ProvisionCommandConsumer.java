package io.weft.provisioner.messaging;

import io.smallrye.common.annotation.Blocking;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.provisioner.service.GraphScenarioJob;
import io.weft.support.jobs.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Takes commands from {@code weft.commands.provision} and hands them to the {@link JobRunner}, which queues
 * them per workspace and acknowledges each only when its job reached a terminal state.
 */
@ApplicationScoped
public class ProvisionCommandConsumer {

    /** The incoming channel of provisioning commands; its topic is {@code weft.commands.provision}. */
    public static final String CHANNEL = "provision-commands";

    private final JobRunner runner;
    private final GraphScenarioJob graphScenario;

    public ProvisionCommandConsumer(JobRunner runner, GraphScenarioJob graphScenario) {
        this.runner = runner;
        this.graphScenario = graphScenario;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return runner.submit(message, ProvisionGraphScenario.class, graphScenario);
    }
}
