package io.weft.support.jobs;

/**
 * A command that can never succeed, however often it is retried: invalid payload, unknown type, missing
 * staged file, hash mismatch. The runner fails its job with this reason and sends it to the dead-letter topic.
 */
public class CommandRejectedException extends RuntimeException {

    private final String code;

    public CommandRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public CommandRejectedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable error code, e.g. {@code InvalidCommand}, {@code StagedArchiveMismatch}. */
    public String code() {
        return code;
    }
}
