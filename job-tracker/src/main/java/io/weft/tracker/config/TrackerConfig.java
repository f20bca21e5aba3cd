package io.weft.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The job tracker's own settings, under {@code weft.tracker}. */
@ConfigMapping(prefix = "weft.tracker")
public interface TrackerConfig {

    /** Purging of completed jobs. */
    Retention retention();

    /** The query API. */
    Api api();

    /** The live streams (SSE). */
    Stream stream();

    interface Retention {

        /** Whether completed jobs are purged at all. */
        @WithDefault("true")
        boolean enabled();

        /** How long a completed job is kept after it finished, e.g. {@code 30d}. */
        @WithDefault("30d")
        Duration maxAge();

        /** How many jobs one purge transaction deletes, so that a purge never holds long locks. */
        @WithDefault("200")
        int batchSize();

        /** How often the purge runs, as a Quarkus scheduler interval, e.g. {@code 10m}. */
        @WithDefault("10m")
        String every();
    }

    interface Api {

        /** Jobs per page when the request does not say. */
        @WithDefault("50")
        int defaultPageSize();

        /** The most jobs a page may hold. */
        @WithDefault("500")
        int maxPageSize();
    }

    interface Stream {

        /**
         * How often a stream looks for changes without being told, as a safety net for changes written by
         * another instance; also keeps idle connections alive.
         */
        @WithDefault("5s")
        Duration pollInterval();

        /** The most jobs the initial snapshot of the list stream holds (the most recently updated). */
        @WithDefault("500")
        int snapshotLimit();
    }
}
