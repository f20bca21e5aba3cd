package io.weft.deployer.service;

import io.weft.deployer.config.DeployerConfig;
import io.weft.fabric.client.deploymentpipeline.DeploymentRef;
import io.weft.support.jobs.FileCheckpoints;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The deployments each promotion started, one per batch of at most 300 items (worker-support's
 * {@link FileCheckpoints}, as refreshes and item jobs record theirs): written right after Fabric accepted a batch
 * and before its first poll, so a redelivered command re-attaches to the batches it started and deploys only the
 * rest.
 */
@Singleton
public class PromotionCheckpoints extends FileCheckpoints<PromotionCheckpoints.Checkpoint> {

    public PromotionCheckpoints(DeployerConfig config) {
        super(config.promotion().checkpointDirectory().orElse(null), "weft-promotion-checkpoints", Checkpoint.class);
    }

    /** @param batches the deployments started so far, in batch order */
    public record Checkpoint(List<DeploymentRef> batches) {

        public Checkpoint {
            batches = List.copyOf(batches);
        }
    }
}
