package io.weft.deployer.definition;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a staged archive of a model folder (zip, tar or tar.gz, told apart by their content, not their name)
 * into definition files. A single top-level folder, as in {@code Sales.SemanticModel/definition.pbism}, is
 * removed. Links, devices and entries escaping the folder are refused; size limits hold while decompressing,
 * so a small archive cannot expand beyond them.
 */
public final class ArchiveReader {

    private static final Set<String> ROOT_MARKERS = Set.of("definition.pbism", "model.bim");

    private ArchiveReader() {
    }

    public static List<DefinitionFile> read(Path archive, String displayName, PackagingLimits limits) throws IOException {
        List<DefinitionFile> files = switch (kindOf(archive)) {
            case ZIP -> readZip(archive, displayName, limits);
            case TAR -> readTar(Files.newInputStream(archive), displayName, limits);
            case TAR_GZ -> readTar(new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive))),
                    displayName, limits);
        };
        if (files.isEmpty()) {
            throw new InvalidDefinitionException("the archive " + displayName + " holds no files");
        }
        return withoutTopFolder(files);
    }

    private enum Kind { ZIP, TAR, TAR_GZ }

    private static Kind kindOf(Path archive) throws IOException {
        byte[] head = new byte[262];
        int read;
        try (InputStream in = Files.newInputStream(archive)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return Kind.ZIP;
        }
        if (read >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Kind.TAR_GZ;
        }
        if (read >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return Kind.TAR;
        }
        throw new InvalidDefinitionException("the staged file is not a zip, tar or tar.gz archive");
    }

    private static List<DefinitionFile> readZip(Path archive, String displayName, PackagingLimits limits) throws IOException {
        List<DefinitionFile> files = new ArrayList<>();
        Budget budget = new Budget(limits);
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.isUnixSymlink()) {
                    throw new InvalidDefinitionException("archive entry '" + entry.getName() + "' is a link; only regular files are allowed");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    add(files, entry, in, budget);
                }
            }
        } catch (IOException e) {
            throw new InvalidDefinitionException("the archive " + displayName + " cannot be read as zip: " + e.getMessage());
        }
        return files;
    }

    private static List<DefinitionFile> readTar(InputStream raw, String displayName, PackagingLimits limits) throws IOException {
        List<DefinitionFile> files = new ArrayList<>();
        Budget budget = new Budget(limits);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isDirectory() || entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
                    continue;
                }
                // isFile() alone is true for some link entries, so links and devices are checked by name.
                if (!entry.isFile() || entry.isSymbolicLink() || entry.isLink() || entry.isCharacterDevice()
                        || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new InvalidDefinitionException("archive entry '" + entry.getName()
                            + "' is a link or special file; only regular files are allowed");
                }
                add(files, entry, tar, budget);
            }
        } catch (IOException e) {
            throw new InvalidDefinitionException("the archive " + displayName + " cannot be read as tar: " + e.getMessage());
        }
        return files;
    }

    private static void add(List<DefinitionFile> files, ArchiveEntry entry, InputStream in, Budget budget) throws IOException {
        String path = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        DefinitionPaths.problem(path).ifPresent(problem -> {
            throw new InvalidDefinitionException(problem.replace("part '", "archive entry '"));
        });
        budget.countFile();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            budget.countBytes(n);
            content.write(buffer, 0, n);
        }
        files.add(new DefinitionFile(path, content.toByteArray()));
    }

    /** Drops a folder that every file is in, unless the files already sit at the model folder's root. */
    static List<DefinitionFile> withoutTopFolder(List<DefinitionFile> files) {
        if (files.stream().anyMatch(f -> ROOT_MARKERS.contains(f.path()))) {
            return files;
        }
        Set<String> tops = files.stream()
                .map(f -> f.path().contains("/") ? f.path().substring(0, f.path().indexOf('/')) : "")
                .collect(Collectors.toSet());
        if (tops.size() != 1 || tops.contains("")) {
            return files;
        }
        int cut = tops.iterator().next().length() + 1;
        return files.stream().map(f -> new DefinitionFile(f.path().substring(cut), f.content())).toList();
    }

    /** Counts files and decompressed bytes against the limits as they are read. */
    private static final class Budget {
        private final PackagingLimits limits;
        private int files;
        private long bytes;

        Budget(PackagingLimits limits) {
            this.limits = limits;
        }

        void countFile() {
            if (++files > limits.maxParts()) {
                throw new InvalidDefinitionException("the archive holds more than " + limits.maxParts() + " files");
            }
        }

        void countBytes(int n) {
            bytes += n;
            if (bytes > limits.maxTotalBytes()) {
                throw new InvalidDefinitionException("the archive expands to more than " + limits.maxTotalBytes() + " bytes");
            }
        }
    }
}
