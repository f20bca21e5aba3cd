package io.weft.contracts.command;

import java.util.List;

/**
 * How a semantic model is refreshed through the Power BI REST API. Weft asks for an enhanced (asynchronous) refresh
 * unless {@code standard} is set: only an enhanced refresh can be followed by id, reports per-table progress and
 * can be cancelled. Absent fields keep Power BI's defaults.
 *
 * @param standard       true for a standard refresh (the only kind a shared capacity runs): no per-table progress,
 *                       no cancel, and none of the other fields may be set
 * @param type           {@code Full}, {@code ClearValues}, {@code Calculate}, {@code DataOnly}, {@code Automatic} or
 *                       {@code Defragment} (default {@code Full})
 * @param commitMode     {@code Transactional} or {@code PartialBatch}
 * @param maxParallelism threads processing tables at once
 * @param retryCount     attempts after a failure
 * @param objects        the tables (or partitions) to refresh; absent for the whole model
 * @param timeout        per attempt, {@code hh:mm:ss}
 * @param budgetSeconds  how long Weft follows the refresh before cancelling it and ending the job TIMED_OUT;
 *                       absent for the worker's default
 */
public record SemanticModelRefreshOptions(Boolean standard, String type, String commitMode, Integer maxParallelism,
        Integer retryCount, List<RefreshObject> objects, String timeout, Long budgetSeconds) {

    public SemanticModelRefreshOptions {
        objects = objects == null ? null : List.copyOf(objects);
    }

    /** An enhanced full refresh of the whole model with Power BI's defaults. */
    public static SemanticModelRefreshOptions full() {
        return new SemanticModelRefreshOptions(null, "Full", null, null, null, null, null, null);
    }

    public boolean standardRefresh() {
        return Boolean.TRUE.equals(standard);
    }

    /** A table, or one of its partitions. */
    public record RefreshObject(String table, String partition) {
    }
}
