package io.weft.support.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

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

    /**
     * Shortest interval between two progress events of one step; the first and the last progress are always
     * sent.
     */
    @WithDefault("250ms")
    Duration progressInterval();

    /**
     * How many whole percent a step's completion must move before its next progress event is sent (when the
     * step knows its total or a percentage); in between, only the heartbeat sends one. 1 to 100.
     */
    @WithDefault("1")
    int progressPercentStep();

    /**
     * Longest interval between two progress events of a step that keeps reporting without moving a percent
     * step, so that a slow step still shows what it works on.
     */
    @WithDefault("5s")
    Duration progressHeartbeat();

    /** How long publishing one job event may wait for Kafka's acknowledgement. */
    @WithDefault("30s")
    Duration eventSendTimeout();

    /**
     * How long a stopping worker waits for the jobs it interrupted to unwind (their clean-up, such as removing
     * extracted files, runs) before the process exits. Their commands stay unacknowledged either way.
     */
    @WithDefault("10s")
    Duration stopTimeout();

    /** How this worker's Kafka consumers take part in their consumer groups (see {@link GroupMembership}). */
    Group group();

    /** Consumer group membership: what decides how fast a crashed worker's commands move on. */
    interface Group {

        /**
         * Static membership (Kafka's {@code group.instance.id}): a restarted instance gets its partitions back at
         * once, without waiting for its old session to expire. {@code false}: dynamic membership, as Kafka's default.
         */
        @WithDefault("true")
        boolean staticMembership();

        /**
         * This instance's {@code group.instance.id}: distinct for every instance running at the same time, the same
         * across restarts of one instance. Default: {@code <host name>-<HTTP port>} (the host name from
         * {@code HOSTNAME} when set, as in containers and Kubernetes pods), which differs for two instances on one
         * host because they cannot share a port. Letters, digits, {@code .}, {@code _}, {@code -}; at most 249.
         */
        Optional<String> instanceId();

        /**
         * How long the group coordinator waits for a silent member (killed, frozen, cut off) before giving its
         * partitions to the others (Kafka's {@code session.timeout.ms}). Must lie within the broker's
         * {@code group.min.session.timeout.ms} (6 s by default) and {@code group.max.session.timeout.ms}.
         */
        @WithDefault("6s")
        Duration sessionTimeout();

        /**
         * How often a member tells the coordinator it is alive, and so how soon a survivor learns that a rebalance
         * began (Kafka's {@code heartbeat.interval.ms}); at most a third of the session timeout.
         */
        @WithDefault("1s")
        Duration heartbeatInterval();
    }
}
