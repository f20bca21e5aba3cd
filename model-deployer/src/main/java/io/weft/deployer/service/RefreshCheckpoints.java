package io.weft.deployer.service;

import io.weft.deployer.config.RefreshConfig;
import io.weft.support.jobs.FileCheckpoints;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Instant;

/**
 * The refresh each job started (worker-support's {@link FileCheckpoints}, as item jobs record their instance):
 * written right after Power BI accepted the refresh and before the first poll, so a redelivered command re-attaches
 * to it instead of starting a second refresh (which Power BI would refuse while the first runs, and run again after).
 */
@Singleton
public class RefreshCheckpoints extends FileCheckpoints<RefreshCheckpoints.Checkpoint> {

    public RefreshCheckpoints(RefreshConfig config) {
        super(config.checkpointDirectory().orElse(null), "weft-refresh-checkpoints", Checkpoint.class);
    }

    /**
     * @param groupId   the workspace
     * @param datasetId the model
     * @param refreshId Power BI's refresh id
     * @param location  the refresh's details URL; null for a standard refresh
     * @param startedAt when the job's refresh budget started: it counts from here, also after a re-attach
     */
    public record Checkpoint(String groupId, String datasetId, String refreshId, URI location, Instant startedAt) {
    }
}
