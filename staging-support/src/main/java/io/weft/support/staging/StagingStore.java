package io.weft.support.staging;

import io.weft.contracts.command.StagedArchive;

import java.io.IOException;
import java.io.InputStream;

/**
 * The claim-check store: the gateway stages an uploaded archive and puts only its {@link StagedArchive}
 * (location, size, SHA-256) in the command; a worker opens it after verifying both, and deletes it when
 * the job no longer needs it.
 */
public interface StagingStore {

    /**
     * Streams {@code content} into a new staged object, hashing it on the way. The staged object becomes
     * visible under its URI only once complete. {@code content} is not closed.
     *
     * @param fileName the client's file name: only its archive extension ({@code .tar.gz}, {@code .zip}, ...)
     *                 is kept, so readers can tell the format from the URI; it is never used as a path
     */
    StagedArchive stage(InputStream content, String fileName) throws IOException;

    /**
     * The staged object, after checking that it belongs to this store and that its size and SHA-256 equal
     * the claim check's.
     *
     * @throws StagingIntegrityException when it is missing, foreign, or not the described bytes (not retriable)
     * @throws IOException               when the store cannot be read (retriable)
     */
    VerifiedObject open(StagedArchive archive) throws IOException;

    /**
     * Removes a staged object; nothing happens when it is already gone.
     *
     * @return whether an object was removed
     * @throws StagingIntegrityException when the URI does not belong to this store
     */
    boolean delete(String uri) throws IOException;

    /** Removes the object a claim check points to; see {@link #delete(String)}. */
    default boolean delete(StagedArchive archive) throws IOException {
        return delete(archive.uri());
    }

    /** Whether the object a URI points to exists in this store. */
    boolean exists(String uri) throws IOException;
}
