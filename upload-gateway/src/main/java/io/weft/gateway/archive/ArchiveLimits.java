package io.weft.gateway.archive;

import io.weft.gateway.config.GatewayConfig;

/** The limits an archive is scanned under; see {@link GatewayConfig.Archive}. */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio,
        long compressionRatioFloorBytes) {

    public static ArchiveLimits of(GatewayConfig.Archive config) {
        return new ArchiveLimits(config.maxEntries(), config.maxEntryBytes(), config.maxTotalBytes(),
                config.maxCompressionRatio(), config.compressionRatioFloorBytes());
    }
}
