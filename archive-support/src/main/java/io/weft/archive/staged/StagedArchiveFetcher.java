package io.weft.archive.staged;

import io.weft.archive.ArchiveRefusedException;
import io.weft.contracts.command.StagedArchive;
import io.weft.support.staging.StagingIntegrityException;
import io.weft.support.staging.StagingStore;
import io.weft.support.staging.VerifiedObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.io.IOException;
import java.time.temporal.ChronoUnit;

/**
 * A worker's way to a command's staged archive: fetches it from the {@link StagingStore} (which verifies size
 * and SHA-256 against the claim check) and hands the local file to a reader. A store or disk that fails for a
 * moment ({@link IOException}) is retried here, fetch and read together; what can never succeed is a
 * {@link StagedArchiveException} with one of its codes.
 */
@ApplicationScoped
public class StagedArchiveFetcher {

    private final StagingStore staging;

    public StagedArchiveFetcher(StagingStore staging) {
        this.staging = staging;
    }

    /**
     * @throws StagedArchiveException when the object is missing or not the described bytes, or the reader
     *                                refuses the archive
     * @throws IOException            when the store or the disk still fails after the retries
     */
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, retryOn = IOException.class)
    public <T> T read(StagedArchive archive, StagedArchiveReader<T> reader) throws IOException {
        try (VerifiedObject object = open(archive)) {
            return reader.read(object.file());
        } catch (ArchiveRefusedException e) {
            throw new StagedArchiveException(StagedArchiveException.REJECTED,
                    "the staged archive " + nameOf(archive) + " is refused: " + e.getMessage(), e);
        }
    }

    private VerifiedObject open(StagedArchive archive) throws IOException {
        try {
            return staging.open(archive);
        } catch (StagingIntegrityException e) {
            boolean missing;
            try {
                missing = !staging.exists(archive.uri());
            } catch (IOException | RuntimeException unknown) {
                missing = false;
            }
            throw new StagedArchiveException(missing ? StagedArchiveException.MISSING : StagedArchiveException.MISMATCH,
                    e.getMessage(), e);
        }
    }

    private static String nameOf(StagedArchive archive) {
        return archive.fileName() != null ? archive.fileName() : archive.uri();
    }
}
