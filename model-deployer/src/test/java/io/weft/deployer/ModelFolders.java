package io.weft.deployer;

import io.weft.contracts.command.DefinitionPart;
import io.weft.deployer.definition.DefinitionFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The model folders under {@code src/test/resources/models}, as files, inline parts or archives. */
public final class ModelFolders {

    public static final String SALES_TMDL = "Sales.SemanticModel";
    public static final String INVENTORY_TMSL = "Inventory.SemanticModel";

    private ModelFolders() {
    }

    public static Path folder(String name) {
        try {
            return Path.of(ModelFolders.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder's files, paths relative to it, in a stable order. */
    public static List<DefinitionFile> files(String name) {
        return filesOf(folder(name));
    }

    /** The repository's shared Sales example ({@code examples/semantic-models/Sales}: it has the SqlServer and SqlDatabase expressions). */
    public static List<DefinitionFile> sharedSalesExample() {
        return filesOf(Path.of("..", "examples", "semantic-models", "Sales"));
    }

    private static List<DefinitionFile> filesOf(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString))
                    .map(p -> new DefinitionFile(root.relativize(p).toString().replace('\\', '/'), read(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder as a command's inline parts (what an upstream CI publishes). */
    public static List<DefinitionPart> parts(String name) {
        return files(name).stream()
                .map(f -> new DefinitionPart(f.path(), Base64.getEncoder().encodeToString(f.content()))).toList();
    }

    public static List<DefinitionPart> parts(List<DefinitionFile> files) {
        return files.stream()
                .map(f -> new DefinitionPart(f.path(), Base64.getEncoder().encodeToString(f.content()))).toList();
    }

    /** A tar.gz of the folder with the folder itself as the top-level entry, as {@code tar czf x.tar.gz Sales.SemanticModel}. */
    public static Path tarGz(String name, Path target) throws IOException {
        List<DefinitionFile> files = files(name);
        try (OutputStream out = Files.newOutputStream(target);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (DefinitionFile f : files) {
                TarArchiveEntry entry = new TarArchiveEntry(name + "/" + f.path());
                entry.setSize(f.content().length);
                tar.putArchiveEntry(entry);
                tar.write(f.content());
                tar.closeArchiveEntry();
            }
        }
        return target;
    }

    /** A zip of the given files at its root. */
    public static Path zip(List<DefinitionFile> files, Path target) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target)) {
            for (DefinitionFile f : files) {
                zip.putArchiveEntry(new ZipArchiveEntry(f.path()));
                zip.write(f.content());
                zip.closeArchiveEntry();
            }
        }
        return target;
    }

    /** The files with one replaced (or added) and any listed paths removed. */
    public static List<DefinitionFile> with(List<DefinitionFile> files, DefinitionFile replacement, String... removed) {
        List<DefinitionFile> result = new ArrayList<>();
        for (DefinitionFile f : files) {
            if (!f.path().equals(replacement == null ? null : replacement.path()) && !List.of(removed).contains(f.path())) {
                result.add(f);
            }
        }
        if (replacement != null) {
            result.add(replacement);
        }
        return result;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
