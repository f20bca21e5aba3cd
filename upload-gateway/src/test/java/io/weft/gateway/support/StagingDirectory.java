package io.weft.gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The files in the local staging store's directory, to show what a request left behind. */
public final class StagingDirectory {

    private StagingDirectory() {
    }

    public static Set<String> files() {
        Path directory = Path.of(ConfigProvider.getConfig().getValue("weft.staging.local.directory", String.class));
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
