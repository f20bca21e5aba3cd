package io.weft.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.weft.deployer.definition.PackagingLimits;

/** How the model deployer packages and deploys semantic models ({@code weft.deployer.*}). */
@ConfigMapping(prefix = "weft.deployer")
public interface DeployerConfig {

    /** Limits on one definition, inline or archived. */
    Definition definition();

    /** What happens to a staged archive once its model is deployed. */
    Staging staging();

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

    /** Staged archives (the claim check of an uploaded model folder). */
    interface Staging {

        /**
         * Delete the staged archive after a successful deployment. Off by default: the command is acknowledged
         * only after the job's terminal event is published, so a redelivery after a crash in between would find
         * the archive gone and fail a job that had succeeded. Leave retention to the store's lifecycle rule
         * unless storage is scarce.
         */
        @WithDefault("false")
        boolean deleteAfterSuccess();
    }
}
