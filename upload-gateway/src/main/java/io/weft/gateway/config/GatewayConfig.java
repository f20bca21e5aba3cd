package io.weft.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.weft.archive.ArchiveLimits;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** The upload gateway's own settings; HTTP limits and CORS are Quarkus's {@code quarkus.http.*} keys. */
@ConfigMapping(prefix = "weft.gateway")
public interface GatewayConfig {

    /**
     * The job tracker's public base URL; a job's status is at {@code <this>/api/v1/jobs/<id>}, the
     * {@code Location} of every {@code 202}.
     */
    @WithDefault("http://localhost:8080")
    String publicTrackerUrl();

    /**
     * How long a request waits for Kafka's acknowledgement of its command before answering {@code 503}.
     * Keep it above the channels' {@code delivery.timeout.ms}, so the producer gives up first and a
     * command is never delivered after its request was refused.
     */
    @WithDefault("15s")
    Duration publishTimeout();

    /** The {@code Retry-After} sent with a {@code 503} when Kafka is unreachable. */
    @WithDefault("30s")
    Duration retryAfter();

    /** Limits applied to every archive, against archive bombs and hostile entries. */
    Archive archive();

    /** Semantic model deployment requests. */
    Deployments deployments();

    /** Workspace provisioning requests. */
    Workspaces workspaces();

    /** Idempotency keys. */
    Idempotency idempotency();

    /** Limits on archives. Sizes are of uncompressed bytes, counted as they are read, never taken from headers. */
    interface Archive {

        /** Most entries (files and directories) in one archive. */
        @WithDefault("10000")
        int maxEntries();

        /** Largest uncompressed size of one file. */
        @WithDefault("4G")
        MemorySize maxEntrySize();

        /** Largest uncompressed size of all files together. */
        @WithDefault("16G")
        MemorySize maxTotalSize();

        /** Highest ratio of uncompressed to compressed bytes (per zip entry, over the whole stream for tar.gz). */
        @WithDefault("100")
        int maxCompressionRatio();

        /** Below this uncompressed size the ratio is not checked: tiny, very regular files compress well. */
        @WithDefault("1M")
        MemorySize compressionRatioFloorSize();

        /** Longest CSV header row (at most 2G). */
        @WithDefault("64K")
        MemorySize maxHeaderSize();

        /** The limits above, as archive-support walks under them. */
        default ArchiveLimits limits() {
            return new ArchiveLimits(maxEntries(), maxEntrySize().asLongValue(), maxTotalSize().asLongValue(),
                    maxCompressionRatio(), compressionRatioFloorSize().asLongValue());
        }
    }

    /** Workspace provisioning requests. */
    interface Workspaces {

        /**
         * The most principals one request may carry, inline and in its principals file together; a request
         * with more is refused (problem+json) along with every other problem of the file.
         */
        @WithDefault("500")
        int maxPrincipals();
    }

    /** Semantic model deployment requests. */
    interface Deployments {

        /**
         * Definitions up to this (decoded) size travel inline in the command as base64 parts; larger archives are
         * staged. JSON requests above it are refused (send the folder as an archive instead). At most 2G.
         */
        @WithDefault("512K")
        MemorySize inlineMaxSize();
    }

    /** Idempotency keys: remembered in files, so a restart of a single instance keeps them. */
    interface Idempotency {

        /** Directory holding one small JSON file per key; created when missing. */
        @WithDefault("${java.io.tmpdir}/weft-gateway/idempotency")
        Path directory();

        /** How long a key is remembered. */
        @WithDefault("24h")
        Duration ttl();

        /** Longest accepted {@code Idempotency-Key}. */
        @WithDefault("255")
        int maxKeyLength();
    }
}
