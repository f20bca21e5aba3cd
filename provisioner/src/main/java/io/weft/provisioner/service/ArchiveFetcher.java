package io.weft.provisioner.service;

import io.weft.archive.staged.StagedArchiveException;
import io.weft.archive.staged.StagedArchiveFetcher;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.provisioner.archive.ExtractedTable;
import io.weft.provisioner.archive.ScenarioArchiveExtractor;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.jobs.CommandRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fetches a command's staged archive through archive-support's {@link StagedArchiveFetcher} (claim check
 * verified, transient failures retried) and extracts the manifest's CSV files into a fresh working directory.
 */
@ApplicationScoped
public class ArchiveFetcher {

    private final StagedArchiveFetcher fetcher;
    private final ProvisionerConfig config;

    public ArchiveFetcher(StagedArchiveFetcher fetcher, ProvisionerConfig config) {
        this.fetcher = fetcher;
        this.config = config;
    }

    /**
     * @throws CommandRejectedException with a {@link StagedArchiveException} code when the archive is missing,
     *                                  not the described bytes, or refused
     * @throws IOException              when the staging store or the disk still fails after the retries
     */
    public ScenarioFiles fetch(ProvisionGraphScenario command) throws IOException {
        try {
            return fetcher.read(command.archive(), file -> {
                Path directory = createWorkDirectory();
                try {
                    List<ExtractedTable> tables = ScenarioArchiveExtractor.extract(file, command.manifest(), directory,
                            config.extraction().maxTotalSize().asLongValue());
                    return new ScenarioFiles(directory, tables);
                } catch (IOException | RuntimeException e) {
                    ScenarioFiles.deleteRecursively(directory);
                    throw e;
                }
            });
        } catch (StagedArchiveException e) {
            throw new CommandRejectedException(e.code(), e.getMessage(), e);
        }
    }

    private Path createWorkDirectory() throws IOException {
        Path parent = config.extraction().workDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "weft-scenario-");
    }
}
