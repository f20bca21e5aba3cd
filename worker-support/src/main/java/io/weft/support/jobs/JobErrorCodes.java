package io.weft.support.jobs;

/**
 * The error codes Weft itself gives a failed job (a {@code JobError.code}), besides Fabric's own {@code errorCode}s
 * which are passed through as Fabric reported them. Codes are part of the job contract: clients match on them, so
 * they never change and are never derived from a Java class name.
 */
public final class JobErrorCodes {

    /** The command could not be read or decoded (not a CloudEvent, unknown type or version, invalid payload). */
    public static final String INVALID_COMMAND = "InvalidCommand";
    /**
     * A failure Weft did not foresee (a bug, or a client failure that is neither a Fabric error nor one of the
     * workers' own codes); the message names the exception type for the logs and the operator.
     */
    public static final String INTERNAL_ERROR = "InternalError";

    private JobErrorCodes() {
    }
}
