package io.weft.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The job tracker's own settings, under {@code weft.tracker}. */
@ConfigMapping(prefix = "weft.tracker")
public interface TrackerConfig {

    /** Purging of completed jobs. */
    Retention retention();

    /** The fold of inputs into job status. */
    Fold fold();

    /** The query API. */
    Api api();

    /** The live streams (SSE). */
    Stream stream();

    /**
     * When a job that has not completed counts as stalled: silent (no command or event) for longer than its
     * kind allows. A lost command or a worker that died looks like this; the job itself is left as it is.
     */
    Stall stall();

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

    interface Fold {

        /**
         * How many jobs' fold states the tracker keeps in memory between batches, the least recently folded dropped
         * first; a job not kept goes on from its stored checkpoint. About 5 KB each. 0 keeps none and stores the
         * fold state with every write.
         */
        @WithDefault("5000")
        int cachedJobs();

        /**
         * At most how many writes of a job's row store its fold state once (it is also stored when the job is new
         * to this tracker, refolded or completed). Higher: fewer bytes written per event; a job not kept in memory
         * then reads up to this many batches' inputs besides its checkpoint. 1 stores it with every write.
         */
        @WithDefault("20")
        int checkpointEvery();
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

    interface Stall {

        /**
         * How long a QUEUED job may go without an event. Not shorter than {@link #runningAfter()} by default:
         * workers run one workspace's commands one after another, so a queued job legitimately waits as long
         * as the jobs ahead of it in its workspace run.
         */
        @WithDefault("30m")
        Duration queuedAfter();

        /**
         * How long a RUNNING job may go without an event. Workers report every step and throttled progress,
         * but a single long Fabric operation (a large table load) can be quiet for many minutes.
         */
        @WithDefault("30m")
        Duration runningAfter();

        /**
         * Overrides per job kind, keyed by kind, e.g. {@code weft.tracker.stall.kinds.semantic-model.running-after=10m};
         * a kind without an entry (including kinds added later) uses the defaults above.
         */
        Map<String, KindStall> kinds();

        interface KindStall {

            /** Overrides {@code queued-after} for this kind. */
            Optional<Duration> queuedAfter();

            /** Overrides {@code running-after} for this kind. */
            Optional<Duration> runningAfter();
        }
    }
}
