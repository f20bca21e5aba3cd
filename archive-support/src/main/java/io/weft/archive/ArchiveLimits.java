package io.weft.archive;

/**
 * The limits an archive is walked under. Sizes are of uncompressed bytes, counted as they are read, never
 * taken from headers.
 *
 * @param maxEntries                 most entries (files and directories) in one archive
 * @param maxEntryBytes              largest uncompressed size of one file
 * @param maxTotalBytes              largest uncompressed size of all files together
 * @param maxCompressionRatio        highest ratio of uncompressed to compressed bytes (per zip entry, over the
 *                                   whole stream for tar.gz)
 * @param compressionRatioFloorBytes below this many uncompressed bytes the ratio is not checked: tiny, very
 *                                   regular files compress well
 */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio,
        long compressionRatioFloorBytes) {

    /** The gateway's defaults; the workers walk under these too, with their own total where they set one. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(10_000, 4L << 30, 16L << 30, 100, 1L << 20);

    /** Longest entry name, in characters (Linux's {@code PATH_MAX}): longer names only come from crafted headers. */
    public static final int MAX_NAME_LENGTH = 4096;

    /** These limits with another total, and no single file above it either. */
    public ArchiveLimits withMaxTotalBytes(long total) {
        return new ArchiveLimits(maxEntries, Math.min(maxEntryBytes, total), total, maxCompressionRatio,
                compressionRatioFloorBytes);
    }
}
