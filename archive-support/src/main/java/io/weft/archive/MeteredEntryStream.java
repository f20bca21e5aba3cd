package io.weft.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * One entry's content, counted as it is read, failing as soon as the entry, the archive or the compression
 * ratio goes over its limit: sizes declared in headers are never trusted.
 */
final class MeteredEntryStream extends InputStream {

    private final InputStream in;
    private final String entry;
    private final ArchiveLimits limits;
    private final long totalBefore;
    private final LongSupplier compressedBytes;
    private final boolean perEntryRatio;
    private long count;

    /**
     * @param totalBefore     uncompressed bytes of the archive's earlier entries
     * @param compressedBytes compressed bytes the ratio is measured against, for this entry (zip) or so far (tar.gz);
     *                        {@code null} when the archive is not compressed
     * @param perEntryRatio   whether {@code compressedBytes} is this entry's alone (zip) rather than the stream's so far
     */
    MeteredEntryStream(InputStream in, String entry, ArchiveLimits limits, long totalBefore,
            LongSupplier compressedBytes, boolean perEntryRatio) {
        this.in = in;
        this.entry = entry;
        this.limits = limits;
        this.totalBefore = totalBefore;
        this.compressedBytes = compressedBytes;
        this.perEntryRatio = perEntryRatio;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read;
        try {
            read = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new UnreadableArchiveException(e);
        }
        if (read > 0) {
            count += read;
            check();
        }
        return read;
    }

    @Override
    public void close() {
        // The archive stream belongs to the walker.
    }

    /** Reads what the visitor left, so the entry is measured whole. */
    long drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) != -1) {
            // counting happens in read
        }
        return count;
    }

    private void check() {
        if (count > limits.maxEntryBytes()) {
            throw new LimitExceededException(new ArchiveProblem(entry, ArchiveRules.ENTRY_SIZE,
                    "the file is larger than " + limits.maxEntryBytes() + " bytes uncompressed"));
        }
        long total = totalBefore + count;
        if (total > limits.maxTotalBytes()) {
            throw new LimitExceededException(new ArchiveProblem(entry, ArchiveRules.TOTAL_SIZE,
                    "the archive's files add up to more than " + limits.maxTotalBytes() + " bytes uncompressed"));
        }
        if (compressedBytes != null) {
            long compressed = Math.max(1, compressedBytes.getAsLong());
            long uncompressed = perEntryRatio ? count : total;
            if (uncompressed > limits.compressionRatioFloorBytes()
                    && uncompressed > compressed * (long) limits.maxCompressionRatio()) {
                throw new LimitExceededException(new ArchiveProblem(entry, ArchiveRules.COMPRESSION_RATIO,
                        "the data expands more than " + limits.maxCompressionRatio() + " times its compressed size"
                                + " (archive bomb?)"));
            }
        }
    }
}
