package io.weft.fabric.client.powerbi;

import java.util.List;

/**
 * The body of a semantic model refresh ({@code POST .../datasets/{id}/refreshes}). A standard refresh carries only
 * {@code notifyOption}; any other field makes it an enhanced (asynchronous) refresh, and then {@code notifyOption}
 * must be absent. Only enhanced refreshes can be followed by id, report per-table progress and be cancelled.
 *
 * @param notifyOption       standard only: {@code MailOnFailure}, {@code MailOnCompletion} or {@code NoNotification}
 * @param type               {@code Full}, {@code ClearValues}, {@code Calculate}, {@code DataOnly}, {@code Automatic},
 *                           {@code Defragment}; Power BI's default is {@code Automatic}
 * @param commitMode         {@code Transactional} (default) or {@code PartialBatch}
 * @param maxParallelism     threads processing objects at once (Power BI's default 10)
 * @param retryCount         attempts after a failure (default 0)
 * @param objects            the tables/partitions to refresh; null or empty for the whole model
 * @param applyRefreshPolicy whether incremental-refresh policies apply (default true; false with PartialBatch)
 * @param timeout            per attempt, {@code hh:mm:ss} (default {@code 05:00:00})
 */
public record RefreshRequest(String notifyOption, String type, String commitMode, Integer maxParallelism, Integer retryCount,
        List<RefreshObject> objects, Boolean applyRefreshPolicy, String timeout) {

    /** A standard refresh that mails nobody (the only option a service principal may use). */
    public static RefreshRequest standard() {
        return new RefreshRequest("NoNotification", null, null, null, null, null, null, null);
    }

    /** An enhanced refresh of the given kind; the other fields keep Power BI's defaults. */
    public static RefreshRequest enhanced(String type, String commitMode, Integer maxParallelism, Integer retryCount,
            List<RefreshObject> objects, String timeout) {
        return new RefreshRequest(null, type == null ? "Full" : type, commitMode, maxParallelism, retryCount,
                objects == null || objects.isEmpty() ? null : List.copyOf(objects), null, timeout);
    }

    /** Whether Power BI treats it as an enhanced refresh (any field other than {@code notifyOption}). */
    public boolean enhanced() {
        return type != null || commitMode != null || maxParallelism != null || retryCount != null
                || (objects != null && !objects.isEmpty()) || applyRefreshPolicy != null || timeout != null;
    }

    /** A table, or one partition of it. */
    public record RefreshObject(String table, String partition) {
    }
}
