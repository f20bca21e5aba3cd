package io.weft.fabric.emulator.onelake;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** What OneLake knows about a path besides its bytes: ETag, times, properties, committed length, pending appends. */
final class PathMeta {

    private static final AtomicLong ETAGS = new AtomicLong(System.currentTimeMillis() * 1000);

    final boolean directory;
    final Instant createdAt;
    volatile Instant lastModified;
    volatile String etag;
    /** x-ms-properties as sent: {@code k=base64(v),...}. */
    volatile String properties;
    volatile String contentType;
    /** Bytes visible to readers (the last flush). */
    volatile long committedLength;
    /** Appended but not yet flushed ranges: start → end (exclusive). */
    final TreeMap<Long, Long> pending = new TreeMap<>();

    PathMeta(boolean directory, Instant now) {
        this.directory = directory;
        this.createdAt = now;
        touch(now);
    }

    void touch(Instant now) {
        lastModified = now;
        etag = "0x8DC" + Long.toHexString(ETAGS.incrementAndGet()).toUpperCase();
    }

    /** Records an appended range. */
    synchronized void appended(long start, long end) {
        if (end > start) {
            pending.merge(start, end, Math::max);
        }
    }

    /** Whether pending ranges cover [committed, position) with no gap. */
    synchronized boolean covers(long position) {
        long reached = committedLength;
        for (Map.Entry<Long, Long> r : pending.entrySet()) {
            if (r.getKey() > reached) {
                break;
            }
            reached = Math.max(reached, r.getValue());
        }
        return reached >= position;
    }

    synchronized void committed(long position, Instant now) {
        committedLength = position;
        pending.clear();
        touch(now);
    }
}
