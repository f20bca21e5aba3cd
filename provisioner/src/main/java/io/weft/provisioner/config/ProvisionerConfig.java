package io.weft.provisioner.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the provisioner runs graph-scenario and workspace jobs ({@code weft.provisioner.*}). */
@ConfigMapping(prefix = "weft.provisioner")
public interface ProvisionerConfig {

    /** Extraction of the staged archive. */
    Extraction extraction();

    /** Inference of the ontology from the tables. */
    Ontology ontology();

    /** Discovery of the graph model Fabric builds for the ontology. */
    GraphModel graphModel();

    /** Workspace jobs. */
    Workspace workspace();

    /** Workspace jobs. */
    interface Workspace {

        /**
         * The most principals one workspace command may carry, inline and in its principals file together; a
         * command with more fails before anything changes (the gateway refuses such a file up front).
         */
        @WithDefault("500")
        int maxPrincipals();

        /**
         * Where each job's record of the resources it created (and the roles and capacity it changed) is kept, written
         * before each change is made, so that a redelivered command (its worker died) still rolls back what the
         * earlier attempt did. Must survive worker restarts and, with several instances, be shared by them (a mounted
         * volume); the system temporary directory when absent.
         */
        Optional<Path> checkpointDirectory();
    }

    /** Extraction of the staged archive to a local working directory. */
    interface Extraction {

        /**
         * Parent of the per-job working directories the archive's CSV files are extracted to; the system
         * temporary directory when absent. A job's directory is removed when the job ends, whatever the outcome.
         */
        Optional<Path> workDirectory();

        /**
         * Upper bound of the uncompressed size of all the files of one archive, a defence in depth behind the
         * gateway's own limits (the manifest's sizes are checked too). The other limits are archive-support's
         * defaults, the gateway's.
         */
        @WithDefault("4G")
        MemorySize maxTotalSize();
    }

    /** Inference of the ontology. */
    interface Ontology {

        /**
         * Data rows read per table to infer each column's value type; 0 reads every row. More rows make a
         * better guess at the price of reading more of the file.
         */
        @WithDefault("10000")
        int sampleRows();
    }

    /** Discovery of the graph model. */
    interface GraphModel {

        /** How long to wait for Fabric to create the graph model after the ontology definition was applied. */
        @WithDefault("5m")
        Duration budget();

        /** First interval between two look-ups of the graph model; it doubles up to {@link #maxPollInterval()}. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** Longest interval between two look-ups of the graph model. */
        @WithDefault("15s")
        Duration maxPollInterval();
    }
}
