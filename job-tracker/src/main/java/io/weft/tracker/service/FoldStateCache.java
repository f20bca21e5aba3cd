package io.weft.tracker.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fold states one projector wrote, each with the version ({@code job.fold_version}) it was written under, the
 * least recently used dropped beyond the capacity. An entry is used only while the stored version is still its
 * own, so another writer's write, a rolled-back transaction or a deleted job just makes it unused.
 */
final class FoldStateCache {

    /**
     * A state as written.
     *
     * @param version               the row's fold_version it was written under
     * @param writesSinceCheckpoint the row's writes since the fold state was last stored in it
     * @param request               the state's request as the row holds it, serialised (the row's columns)
     */
    record Entry(long version, JobFold.FoldState state, int writesSinceCheckpoint, JobProjector.RequestJson request) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;

    FoldStateCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > FoldStateCache.this.capacity;
            }
        };
    }

    /** The entries held for those jobs. */
    synchronized Map<String, Entry> get(Collection<String> jobIds) {
        Map<String, Entry> found = new HashMap<>();
        for (String jobId : jobIds) {
            Entry entry = entries.get(jobId);
            if (entry != null) {
                found.put(jobId, entry);
            }
        }
        return found;
    }

    synchronized void put(String jobId, Entry entry) {
        if (capacity > 0) {
            entries.put(jobId, entry);
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
