package io.weft.fabric.client.job;

import java.util.Arrays;

/** A job instance's status; {@link #UNKNOWN} stands for a status Fabric added after this client was written. */
public enum JobStatus {
    NOT_STARTED("NotStarted", false),
    IN_PROGRESS("InProgress", false),
    COMPLETED("Completed", true),
    FAILED("Failed", true),
    CANCELLED("Cancelled", true),
    DEDUPED("Deduped", true),
    /** Not terminal: an unknown status is polled on, within the budget, rather than guessed at. */
    UNKNOWN("Unknown", false);

    private final String wire;
    private final boolean terminal;

    JobStatus(String wire, boolean terminal) {
        this.wire = wire;
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }

    public String wire() {
        return wire;
    }

    public static JobStatus of(String status) {
        return Arrays.stream(values()).filter(s -> s.wire.equalsIgnoreCase(status)).findFirst().orElse(UNKNOWN);
    }
}
