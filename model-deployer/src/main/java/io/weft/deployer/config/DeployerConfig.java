package io.weft.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.weft.deployer.definition.PackagingLimits;

/** How the model deployer packages and deploys semantic models ({@code weft.deployer.*}). */
@ConfigMapping(prefix = "weft.deployer")
public interface DeployerConfig {

    /** Limits on one definition, inline or archived. */
    Definition definition();

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
