package io.weft.provisioner.service;

import io.weft.provisioner.archive.ExtractedTable;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A job's extracted CSV files in their working directory, which closing removes. */
public record ScenarioFiles(Path directory, List<ExtractedTable> tables) implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScenarioFiles.class);

    public ScenarioFiles {
        tables = List.copyOf(tables);
    }

    public long totalBytes() {
        return tables.stream().mapToLong(ExtractedTable::sizeBytes).sum();
    }

    @Override
    public void close() {
        deleteRecursively(directory);
    }

    static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warnf("Could not delete %s: %s", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("Could not clean up %s: %s", directory, e.getMessage());
        }
    }
}
