package io.weft.fabric.client.powerbi;

import java.util.List;

/**
 * A refresh as Power BI describes it: the execution details of an enhanced refresh
 * ({@code GET .../refreshes/{id}}), or a history entry ({@code GET .../refreshes}) of any refresh, which has no
 * {@code objects} or {@code messages} but a {@code serviceExceptionJson}.
 *
 * @param requestId            the refresh id (history entries)
 * @param status               {@code Unknown} while running, then {@code Completed}, {@code Failed}, {@code Cancelled}, {@code Disabled}
 * @param extendedStatus       {@code NotStarted}, {@code InProgress}, {@code Completed}, {@code TimedOut}, … when given
 * @param objects              per table/partition status (enhanced refreshes)
 * @param messages             errors and warnings (enhanced refreshes)
 * @param serviceExceptionJson a JSON string with the failure's {@code errorCode} (history entries)
 */
public record RefreshDetail(String requestId, String refreshType, String startTime, String endTime, String type, String commitMode,
        String status, String extendedStatus, String currentRefreshType, Integer numberOfAttempts, List<ObjectStatus> objects,
        List<Message> messages, String serviceExceptionJson) {

    public RefreshDetail {
        objects = objects == null ? List.of() : List.copyOf(objects);
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public RefreshStatus refreshStatus() {
        return RefreshStatus.of(status, extendedStatus);
    }

    /** One table's or partition's progress: {@code NotStarted}, {@code InProgress}, {@code Completed}, {@code Failed}… */
    public record ObjectStatus(String table, String partition, String status) {
    }

    /** An error or warning of the refresh. */
    public record Message(String code, String message, String type) {
    }
}
