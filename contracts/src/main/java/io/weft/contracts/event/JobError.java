package io.weft.contracts.event;

/**
 * Why a step or a job failed, structured so that a user can act on it.
 *
 * @param code      a stable code: Fabric's {@code errorCode} when Fabric refused, else Weft's own
 * @param message   a human-readable message; never contains secrets
 * @param requestId Fabric's request id, when Fabric answered
 * @param resource  the resource concerned (a table, a file, an item name), when there is one
 * @param retriable whether trying the same command again may succeed
 */
public record JobError(String code, String message, String requestId, String resource, boolean retriable) {

    /** The form users see: {@code [errorCode] message}. */
    public String summary() {
        return "[" + code + "] " + message;
    }
}
