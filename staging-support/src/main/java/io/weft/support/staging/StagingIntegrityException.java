package io.weft.support.staging;

/**
 * A staged object is missing, outside the store, or not the bytes the claim check describes (size or
 * SHA-256 differ). Not retriable: the same command will meet the same object again.
 */
public class StagingIntegrityException extends RuntimeException {

    public StagingIntegrityException(String message) {
        super(message);
    }
}
