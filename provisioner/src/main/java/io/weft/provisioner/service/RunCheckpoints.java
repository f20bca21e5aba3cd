package io.weft.provisioner.service;

import io.weft.provisioner.config.ItemJobConfig;
import io.weft.support.jobs.FileCheckpoints;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Instant;

/**
 * The durable record of the Fabric job instance each Weft job started (worker-support's {@link FileCheckpoints}):
 * written right after Fabric accepted the run and before the first poll, read when a command is redelivered, so
 * the job re-attaches to its run instead of starting a second one. One small JSON file per job in
 * {@link ItemJobConfig#checkpointDirectory()}.
 */
@Singleton
public class RunCheckpoints extends FileCheckpoints<RunCheckpoints.Checkpoint> {

    public RunCheckpoints(ItemJobConfig config) {
        super(config.checkpointDirectory().orElse(null), "weft-item-job-checkpoints", Checkpoint.class);
    }

    /**
     * @param location  the job instance URL Fabric answered with
     * @param startedAt when Weft started the run: the budget counts from here, also after a re-attach
     */
    public record Checkpoint(URI location, Instant startedAt) {
    }
}
