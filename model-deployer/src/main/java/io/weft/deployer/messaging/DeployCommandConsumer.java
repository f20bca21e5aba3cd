package io.weft.deployer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.weft.contracts.MessageType;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.PromoteStage;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.deployer.service.SemanticModelDeployment;
import io.weft.deployer.service.SemanticModelRefreshJob;
import io.weft.deployer.service.StagePromotion;
import io.weft.support.jobs.JobRunner;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Takes deployment, refresh and stage-promotion commands from {@code weft.commands.deploy} (the CloudEvent type picks the handler)
 * and hands them to the {@link JobRunner}, which
 * acknowledges each only once its job reached a terminal state, and dead-letters commands that can never succeed.
 */
@ApplicationScoped
public class DeployCommandConsumer {

    /** The incoming channel of deployment commands; its topic is {@code weft.commands.deploy}. */
    public static final String CHANNEL = "deploy-commands";

    private final JobRunner runner;
    private final SemanticModelDeployment deployment;
    private final SemanticModelRefreshJob refresh;
    private final StagePromotion promotion;

    @Inject
    public DeployCommandConsumer(JobRunner runner, SemanticModelDeployment deployment, SemanticModelRefreshJob refresh,
            StagePromotion promotion) {
        this.runner = runner;
        this.deployment = deployment;
        this.refresh = refresh;
        this.promotion = promotion;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String type = CloudEvents.typeOf(message).orElse("");
        if (MessageType.REFRESH_SEMANTIC_MODEL.ceType().equals(type)) {
            return runner.submit(message, RefreshSemanticModel.class, refresh);
        }
        if (MessageType.PROMOTE_STAGE.ceType().equals(type)) {
            return runner.submit(message, PromoteStage.class, promotion);
        }
        // Any other record, readable or not, goes the deployment way, whose decoding rejects what is not one.
        return runner.submit(message, DeploySemanticModel.class, deployment);
    }
}
