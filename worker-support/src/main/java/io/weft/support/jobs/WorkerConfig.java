package io.weft.support.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a worker runs the jobs it consumes. */
@ConfigMapping(prefix = "weft.worker")
public interface WorkerConfig {

    /**
     * Jobs run at the same time, each for a different partition key (workspace). Jobs for one workspace
     * always run one after another.
     */
    @WithDefault("4")
    int maxConcurrentJobs();

    /**
     * Commands taken from Kafka but not finished (running or queued behind their workspace). When reached,
     * the worker stops taking commands until one finishes, and the connector pauses fetching.
     */
    @WithDefault("16")
    int maxInFlightCommands();

    /** Shortest interval between two progress events of one step; the last progress is always sent. */
    @WithDefault("250ms")
    Duration progressInterval();

    /** How long publishing one job event may wait for Kafka's acknowledgement. */
    @WithDefault("30s")
    Duration eventSendTimeout();

    /**
     * How long a stopping worker waits for the jobs it interrupted to unwind (their clean-up, such as removing
     * extracted files, runs) before the process exits. Their commands stay unacknowledged either way.
     */
    @WithDefault("10s")
    Duration stopTimeout();
}
