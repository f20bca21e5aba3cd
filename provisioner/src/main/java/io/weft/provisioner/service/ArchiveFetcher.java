package io.weft.provisioner.service;

import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.StagedArchive;
import io.weft.provisioner.archive.ArchiveRejectedException;
import io.weft.provisioner.archive.ExtractedTable;
import io.weft.provisioner.archive.ScenarioArchiveExtractor;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.jobs.CommandRejectedException;
import io.weft.support.staging.StagingIntegrityException;
import io.weft.support.staging.StagingStore;
import io.weft.support.staging.VerifiedObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Fetches a command's staged archive (verifying size and SHA-256 against the claim check) and extracts the
 * manifest's CSV files into a fresh working directory.
 */
@ApplicationScoped
public class ArchiveFetcher {

    /** The staged object does not exist (any more). */
    public static final String STAGED_ARCHIVE_MISSING = "StagedArchiveMissing";
    /** The staged object is not the bytes the claim check describes, or not in the staging store. */
    public static final String STAGED_ARCHIVE_MISMATCH = "StagedArchiveMismatch";
    /** The archive breaks an entry rule or does not match its manifest. */
    public static final String ARCHIVE_REJECTED = "ArchiveRejected";

    private final StagingStore staging;
    private final ProvisionerConfig config;

    public ArchiveFetcher(StagingStore staging, ProvisionerConfig config) {
        this.staging = staging;
        this.config = config;
    }

    /**
     * @throws CommandRejectedException when the archive is missing, not the described bytes, or invalid
     * @throws IOException              when the staging store cannot be read (retried, then fails the step)
     */
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, retryOn = IOException.class)
    public ScenarioFiles fetch(ProvisionGraphScenario command) throws IOException {
        Path directory = createWorkDirectory();
        try (VerifiedObject archive = open(command.archive())) {
            List<ExtractedTable> tables = ScenarioArchiveExtractor.extract(archive.file(), command.manifest(), directory,
                    config.extraction().maxTotalBytes());
            return new ScenarioFiles(directory, tables);
        } catch (ArchiveRejectedException e) {
            ScenarioFiles.deleteRecursively(directory);
            throw new CommandRejectedException(ARCHIVE_REJECTED, "The staged archive " + command.archive().fileName()
                    + " cannot be used: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            ScenarioFiles.deleteRecursively(directory);
            throw e;
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
            throw new CommandRejectedException(missing ? STAGED_ARCHIVE_MISSING : STAGED_ARCHIVE_MISMATCH, e.getMessage(), e);
        }
    }

    private Path createWorkDirectory() throws IOException {
        Path parent = config.extraction().workDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "weft-scenario-");
    }
}
