package io.weft.deployer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.deployer.service.SemanticModelDeployment;
import io.weft.support.jobs.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Takes deployment commands from {@code weft.commands.deploy} and hands them to the {@link JobRunner}, which
 * acknowledges each only once its job reached a terminal state, and dead-letters commands that can never succeed.
 */
@ApplicationScoped
public class DeployCommandConsumer {

    /** The incoming channel of deployment commands; its topic is {@code weft.commands.deploy}. */
    public static final String CHANNEL = "deploy-commands";

    private final JobRunner runner;
    private final SemanticModelDeployment deployment;

    @Inject
    public DeployCommandConsumer(JobRunner runner, SemanticModelDeployment deployment) {
        this.runner = runner;
        this.deployment = deployment;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return runner.submit(message, DeploySemanticModel.class, deployment);
    }
}
