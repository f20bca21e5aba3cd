package io.weft.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.weft.deployer.definition.PackagingLimits;

/** How the model deployer packages and deploys semantic models ({@code weft.deployer.*}). */
@ConfigMapping(prefix = "weft.deployer")
public interface DeployerConfig {

    /** Limits on one definition, inline or archived. */
    Definition definition();

    /** The wait for the model an overlapping earlier attempt of the same job is creating. */
    EarlierAttempt earlierAttempt();

    /** The environments commands may name instead of a workspace. */
    EnvironmentsFile environments();

    /** Stage promotions through deployment pipelines. */
    Promotion promotion();

    /** Stage promotions ({@code weft.deployer.promotion.*}). */
    interface Promotion {

        /**
         * Where each deployment a promotion started is recorded (right after Fabric accepted it, before the first
         * poll), so that a redelivered command re-attaches to it instead of deploying again. Must survive worker
         * restarts and, with several instances, be shared by them (a mounted volume); the system temporary directory
         * when absent.
         */
        java.util.Optional<java.nio.file.Path> checkpointDirectory();
    }

    /**
     * Where the environments file is. A file (mounted from the repository that versions it, a ConfigMap or a
     * secret volume) rather than a Kafka-published configuration: it is reviewed and versioned with the models it
     * parameterizes, every instance reads the same bytes, and a broken file stops the service at start-up with
     * every problem listed instead of failing jobs later; a change takes a (rolling) restart.
     */
    interface EnvironmentsFile {

        /**
         * Path of the environments file (YAML, {@code weft-environments.schema.json} in contracts). Unset: no
         * environments, and a command naming one fails with {@code UnknownEnvironment}.
         */
        java.util.Optional<java.nio.file.Path> file();
    }

    /**
     * When a create meets {@code ItemDisplayNameAlreadyInUse} for the job's own model, how the deployer waits for
     * Fabric to list that model (worker-support's {@code ListingWait}).
     */
    interface EarlierAttempt {

        /** Interval between two look-ups of the model. */
        @WithDefault("2s")
        java.time.Duration lookupInterval();

        /** How long to wait for the model to be listed before failing with the name conflict as it was. */
        @WithDefault("2m")
        java.time.Duration budget();
    }

    /** Limits on one definition. */
    interface Definition {

        /** Most files (parts) one definition may have; more is refused as an invalid definition. */
        @WithDefault("2000")
        int maxParts();

        /**
         * Most bytes all files of one definition may have once decoded or decompressed; more is refused. Bounds the
         * memory one deployment holds, and stops an archive that expands without end.
         */
        @WithDefault("256M")
        io.quarkus.runtime.configuration.MemorySize maxTotalSize();

        default PackagingLimits limits() {
            return new PackagingLimits(maxParts(), maxTotalSize().asLongValue());
        }
    }
}
