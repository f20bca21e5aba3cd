package io.weft.fabric.client.powerbi;

import java.util.Locale;

/**
 * A refresh's state as Power BI reports it: {@code status} says {@code Unknown} while it runs and
 * {@code Completed}/{@code Failed}/{@code Cancelled}/{@code Disabled} at the end; {@code extendedStatus} (when
 * given) is finer ({@code NotStarted}, {@code InProgress}, {@code TimedOut}…) and wins.
 */
public enum RefreshStatus {
    NOT_STARTED(false), IN_PROGRESS(false), UNKNOWN(false),
    COMPLETED(true), FAILED(true), TIMED_OUT(true), CANCELLED(true), DISABLED(true);

    private final boolean terminal;

    RefreshStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }

    /** From a {@code status} and an optional {@code extendedStatus}; anything unknown reads as still running. */
    public static RefreshStatus of(String status, String extendedStatus) {
        RefreshStatus extended = parse(extendedStatus);
        if (extended != null && extended != UNKNOWN) {
            return extended;
        }
        RefreshStatus plain = parse(status);
        return plain == null ? UNKNOWN : plain;
    }

    private static RefreshStatus parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "notstarted" -> NOT_STARTED;
            case "inprogress" -> IN_PROGRESS;
            case "completed" -> COMPLETED;
            case "failed" -> FAILED;
            case "timedout" -> TIMED_OUT;
            case "cancelled", "canceled" -> CANCELLED;
            case "disabled" -> DISABLED;
            default -> UNKNOWN;
        };
    }
}
