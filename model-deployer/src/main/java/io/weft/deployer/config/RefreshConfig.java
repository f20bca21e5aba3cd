package io.weft.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the model deployer refreshes semantic models through the Power BI REST API ({@code weft.deployer.refresh.*}). */
@ConfigMapping(prefix = "weft.deployer.refresh")
public interface RefreshConfig {

    /**
     * How long a refresh may take in all (waiting for one already running included) when its command sets no
     * {@code budgetSeconds}; then it is cancelled and the job ends TIMED_OUT.
     */
    @WithDefault("2h")
    Duration defaultBudget();

    /** How long to wait for Power BI to report a cancelled refresh {@code Cancelled} before saying it did not. */
    @WithDefault("5m")
    Duration cancelBudget();

    /** Wait between polls when Power BI sends no {@code Retry-After}. */
    @WithDefault("15s")
    Duration pollInterval();

    /** Shortest wait between polls, whatever {@code Retry-After} says. */
    @WithDefault("1s")
    Duration minPollInterval();

    /** Longest wait between polls, whatever {@code Retry-After} says. */
    @WithDefault("60s")
    Duration maxPollInterval();

    /** How often a wait between polls looks for a cancel request of the Weft job. */
    @WithDefault("1s")
    Duration cancelCheckInterval();

    /**
     * Where the id of each refresh a job started is recorded before polling begins, so that a redelivered command
     * re-attaches to its refresh instead of starting a second one. Must survive worker restarts and, with several
     * instances, be shared by them (a mounted volume); the system temporary directory when absent.
     */
    Optional<Path> checkpointDirectory();
}
