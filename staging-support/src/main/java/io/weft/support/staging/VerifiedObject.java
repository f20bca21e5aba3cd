package io.weft.support.staging;

import io.weft.contracts.command.StagedArchive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A staged object whose size and SHA-256 matched its claim check, as a local file: readers that need random
 * access (zip) use {@link #file()}, others {@link #openStream()}. Closing it removes any local copy the
 * store made; it never deletes the staged object itself (see {@link StagingStore#delete(StagedArchive)}).
 */
public final class VerifiedObject implements Closeable {

    private final StagedArchive archive;
    private final Path file;
    private final boolean temporaryCopy;

    VerifiedObject(StagedArchive archive, Path file, boolean temporaryCopy) {
        this.archive = archive;
        this.file = file;
        this.temporaryCopy = temporaryCopy;
    }

    /** The claim check this object was verified against. */
    public StagedArchive archive() {
        return archive;
    }

    /** The verified bytes as a local file, valid until this object is closed. */
    public Path file() {
        return file;
    }

    /** A fresh stream over the verified bytes; the caller closes it. */
    public InputStream openStream() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        if (temporaryCopy) {
            Files.deleteIfExists(file);
        }
    }
}
