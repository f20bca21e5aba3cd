package io.weft.archive.staged;

/**
 * A worker cannot use a command's staged archive, and never will: the same command meets the same object
 * again. Workers fail the job with {@link #code()} (and dead-letter the command).
 */
public class StagedArchiveException extends RuntimeException {

    /** The staged object does not exist (any more): deleted after an earlier success, or never staged. */
    public static final String MISSING = "StagedArchiveMissing";
    /** The staged object is not the bytes the claim check describes (size, SHA-256), or not in this store. */
    public static final String MISMATCH = "StagedArchiveMismatch";
    /** The archive breaks an entry rule or a limit, or does not hold what the command says it holds. */
    public static final String REJECTED = "ArchiveRejected";

    private final String code;

    public StagedArchiveException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** {@link #MISSING}, {@link #MISMATCH} or {@link #REJECTED}. */
    public String code() {
        return code;
    }
}
