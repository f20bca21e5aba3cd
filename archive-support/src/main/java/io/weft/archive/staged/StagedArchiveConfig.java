package io.weft.archive.staged;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** What the workers do with a staged archive once its job is over ({@code weft.staged-archive.*}). */
@ConfigMapping(prefix = "weft.staged-archive")
public interface StagedArchiveConfig {

    /**
     * Whether to delete a succeeded job's staged archive, {@link #retentionAfterSuccess()} after the success.
     * Set to false to keep archives (for audit, or when the staging store has its own lifecycle rule). Failed
     * and cancelled jobs always keep theirs, so that the command can be retried.
     */
    @WithDefault("true")
    boolean deleteAfterSuccess();

    /**
     * How long a succeeded job's staged archive is kept before it is deleted. The delay lets a redelivery of
     * the command (a worker that died between the job's success and the offset commit) or a duplicate command
     * find the archive and end as succeeded too; one arriving later fails with {@code StagedArchiveMissing}.
     * Deletions pending when the service stops are not carried over: the staging store's own lifecycle rule
     * should sweep what is left.
     */
    @WithDefault("10m")
    Duration retentionAfterSuccess();
}
