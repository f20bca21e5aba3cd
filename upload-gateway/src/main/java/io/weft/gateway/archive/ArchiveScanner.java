package io.weft.gateway.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Walks a tar, tar.gz or zip archive once, enforcing the entry rules (only regular files and directories,
 * relative paths without {@code ..}) and the limits (entry count, file size, total size, compression ratio),
 * and hands each acceptable regular file's content to a visitor. Nothing is ever extracted to disk.
 * Zip archives are read through their central directory, the listing zip tools themselves trust.
 */
public final class ArchiveScanner {

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]");
    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;

    private final ArchiveLimits limits;

    public ArchiveScanner(ArchiveLimits limits) {
        this.limits = limits;
    }

    public ArchiveScan scan(Path archive, ArchiveFormat format, ArchiveFileVisitor visitor) {
        Walk walk = new Walk(visitor);
        try {
            switch (format) {
                case ZIP -> walk.zip(archive);
                case TAR -> walk.tar(archive, false);
                case TAR_GZ -> walk.tar(archive, true);
            }
        } catch (LimitExceededException e) {
            walk.problems.add(e.problem());
        } catch (IOException | RuntimeException e) {
            walk.problems.add(Problem.ofEntry(Problem.WHOLE_ARCHIVE, Rules.ARCHIVE_FORMAT,
                    "not a readable " + describe(format) + " archive: " + e.getMessage()));
        }
        return new ArchiveScan(walk.files, walk.problems);
    }

    /**
     * The path an entry name stands for, without leading {@code ./}, or the rule it breaks. Shared with the
     * validation of JSON definition parts, which follow the same path rules.
     */
    public static Optional<Problem> pathProblem(String name) {
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE_LETTER.matcher(name).matches()) {
            return Optional.of(Problem.ofEntry(name, Rules.ABSOLUTE_PATH, "absolute paths are not allowed"));
        }
        for (String segment : SEPARATORS.split(name)) {
            if (segment.equals("..")) {
                return Optional.of(Problem.ofEntry(name, Rules.PARENT_TRAVERSAL, "'..' is not allowed in paths"));
            }
        }
        return Optional.empty();
    }

    /** An entry name without leading {@code ./} segments. */
    public static String normalise(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        return path;
    }

    private static String describe(ArchiveFormat format) {
        return switch (format) {
            case ZIP -> "zip";
            case TAR -> "tar";
            case TAR_GZ -> "tar.gz";
        };
    }

    /** The state of one scan. */
    private final class Walk {
        private final ArchiveFileVisitor visitor;
        private final Map<String, Long> files = new LinkedHashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private int entries;
        private long total;

        Walk(ArchiveFileVisitor visitor) {
            this.visitor = visitor;
        }

        void tar(Path archive, boolean gzipped) throws IOException {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024)) {
                BoundedInputStream compressed = BoundedInputStream.builder().setInputStream(raw).get();
                InputStream data = gzipped ? new GzipCompressorInputStream(compressed, true) : compressed;
                LongSupplier ratioBase = gzipped ? compressed::getCount : null;
                try (TarArchiveInputStream tar = new TarArchiveInputStream(data)) {
                    TarArchiveEntry entry;
                    while ((entry = tar.getNextEntry()) != null) {
                        String name = entry.getName();
                        countEntry(name);
                        Optional<String> badType = tarTypeProblem(entry);
                        if (badType.isPresent()) {
                            problems.add(Problem.ofEntry(name, Rules.ENTRY_TYPE, badType.get()));
                            continue;
                        }
                        if (pathProblem(name).map(problems::add).isPresent() || entry.isDirectory()) {
                            continue;
                        }
                        visitFile(name, tar, ratioBase, false);
                    }
                }
            }
        }

        void zip(Path archive) throws IOException {
            try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
                while (all.hasMoreElements()) {
                    ZipArchiveEntry entry = all.nextElement();
                    String name = entry.getName();
                    countEntry(name);
                    Optional<String> badType = zipTypeProblem(entry);
                    if (badType.isPresent()) {
                        problems.add(Problem.ofEntry(name, Rules.ENTRY_TYPE, badType.get()));
                        continue;
                    }
                    if (pathProblem(name).map(problems::add).isPresent() || entry.isDirectory()) {
                        continue;
                    }
                    if (!zip.canReadEntryData(entry)) {
                        problems.add(Problem.ofEntry(name, Rules.ARCHIVE_FORMAT,
                                "encrypted, or compressed with an unsupported method"));
                        continue;
                    }
                    long compressedSize = entry.getCompressedSize();
                    try (InputStream content = zip.getInputStream(entry)) {
                        visitFile(name, content, () -> compressedSize, true);
                    }
                }
            }
        }

        private void countEntry(String name) {
            if (++entries > limits.maxEntries()) {
                throw new LimitExceededException(Problem.ofEntry(name, Rules.ENTRY_COUNT,
                        "the archive has more than " + limits.maxEntries() + " entries"));
            }
        }

        private void visitFile(String name, InputStream content, LongSupplier ratioBase, boolean perEntryRatio)
                throws IOException {
            MeteredEntryStream metered = new MeteredEntryStream(content, name, limits, total, ratioBase, perEntryRatio);
            visitor.visit(normalise(name), metered);
            long size = metered.drain();
            total += size;
            files.put(normalise(name), size);
        }

        private Optional<String> tarTypeProblem(TarArchiveEntry entry) {
            if (entry.isSymbolicLink()) {
                return Optional.of("symbolic links are not allowed (to '" + entry.getLinkName() + "')");
            }
            if (entry.isLink()) {
                return Optional.of("hard links are not allowed (to '" + entry.getLinkName() + "')");
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                return Optional.of("devices are not allowed");
            }
            if (entry.isFIFO()) {
                return Optional.of("named pipes are not allowed");
            }
            if (entry.isSparse()) {
                return Optional.of("sparse files are not allowed");
            }
            if (entry.isDirectory() || entry.isFile()) {
                return Optional.empty();
            }
            return Optional.of("only regular files and directories are allowed");
        }

        private Optional<String> zipTypeProblem(ZipArchiveEntry entry) {
            if (entry.isUnixSymlink()) {
                return Optional.of("symbolic links are not allowed");
            }
            if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX) {
                int type = entry.getUnixMode() & UNIX_TYPE_MASK;
                if (type != 0 && type != UNIX_REGULAR && type != UNIX_DIRECTORY) {
                    return Optional.of("only regular files and directories are allowed");
                }
            }
            return Optional.empty();
        }
    }
}
