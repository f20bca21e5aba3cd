package io.weft.provisioner.archive;

/**
 * The staged archive is not what its manifest describes, or breaks an entry rule (path traversal, links,
 * duplicate entries, sizes). Not retriable: the same command meets the same bytes again.
 */
public class ArchiveRejectedException extends RuntimeException {

    public ArchiveRejectedException(String message) {
        super(message);
    }

    public ArchiveRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
