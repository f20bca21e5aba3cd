package io.weft.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the provisioner runs item jobs (pipelines, notebooks, Spark job definitions) ({@code weft.provisioner.item-job.*}). */
@ConfigMapping(prefix = "weft.provisioner.item-job")
public interface ItemJobConfig {

    /** How long a run may take in all when its command sets no {@code budgetSeconds}; then it is cancelled, TIMED_OUT. */
    @WithDefault("6h")
    Duration defaultBudget();

    /** How long to wait for Fabric to confirm a cancel (budget overrun or user cancel) before saying it did not. */
    @WithDefault("5m")
    Duration cancelBudget();

    /** Wait between polls when Fabric sends no {@code Retry-After}. */
    @WithDefault("30s")
    Duration pollInterval();

    /** Shortest wait between polls, whatever {@code Retry-After} says (a {@code Retry-After: 0} is no busy loop). */
    @WithDefault("1s")
    Duration minPollInterval();

    /** Longest wait between polls, whatever {@code Retry-After} says. */
    @WithDefault("60s")
    Duration maxPollInterval();

    /** How often a wait between polls looks for a cancel request of the Weft job. */
    @WithDefault("1s")
    Duration cancelCheckInterval();

    /**
     * Where the instance URL of each started run is recorded before polling begins, so that a redelivered command
     * re-attaches to its run instead of starting a second one. Must survive worker restarts and, with several
     * instances, be shared by them (a mounted volume); the system temporary directory when absent.
     */
    Optional<Path> checkpointDirectory();
}
