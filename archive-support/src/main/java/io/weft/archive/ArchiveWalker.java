package io.weft.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;

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

/**
 * Walks a tar, tar.gz or zip archive once, enforcing the entry rules (only regular files and directories,
 * names by {@link EntryNames}, each file once) and the {@link ArchiveLimits} (entry count, file size, total
 * size, compression ratio), and hands each acceptable regular file's content to a visitor. Nothing is written
 * anywhere; {@link ArchiveExtractor} writes the files a caller asks for. Zip archives are read through their
 * central directory, the listing zip tools themselves trust. Every problem is collected, except that a limit
 * breach or an unreadable archive ends the walk.
 */
public final class ArchiveWalker {

    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;

    private final ArchiveLimits limits;

    public ArchiveWalker(ArchiveLimits limits) {
        this.limits = limits;
    }

    /**
     * Detects the format from the content, then walks the archive; content in no accepted format is a
     * {@link ArchiveRules#ARCHIVE_FORMAT} problem of the whole archive.
     *
     * @throws IOException what the visitor threw, or a failure to open the file at all
     */
    public ArchiveWalk walk(Path archive, ArchiveFileVisitor visitor) throws IOException {
        Optional<ArchiveFormat> format = ArchiveFormat.detect(archive);
        if (format.isEmpty()) {
            return new ArchiveWalk(null, Map.of(), List.of(new ArchiveProblem(ArchiveProblem.WHOLE_ARCHIVE,
                    ArchiveRules.ARCHIVE_FORMAT, "the file is not " + ArchiveFormat.ACCEPTED)));
        }
        return walk(archive, format.get(), visitor);
    }

    /**
     * Walks an archive of a known format.
     *
     * @throws IOException what the visitor threw (reading the archive itself never throws: an unreadable
     *                     archive is a problem)
     */
    public ArchiveWalk walk(Path archive, ArchiveFormat format, ArchiveFileVisitor visitor) throws IOException {
        return walked(format, visitor, walk -> {
            switch (format) {
                case ZIP -> walk.zip(archive);
                case TAR, TAR_GZ -> {
                    try (InputStream in = Files.newInputStream(archive)) {
                        walk.tar(in, format == ArchiveFormat.TAR_GZ);
                    }
                }
            }
        });
    }

    /** How a walk reads its archive. */
    @FunctionalInterface
    private interface Reading {
        void read(Walk walk) throws IOException;
    }

    /** Runs {@code reading}: the visitor's failure thrown, the archive's failures its walk's problems. */
    private ArchiveWalk walked(ArchiveFormat format, ArchiveFileVisitor visitor, Reading reading) throws IOException {
        Walk walk = new Walk(visitor);
        try {
            reading.read(walk);
        } catch (VisitorFailure e) {
            throw e.rethrow();
        } catch (LimitExceededException e) {
            walk.problems.add(e.problem());
        } catch (ArchiveRefusedException e) {
            walk.problems.addAll(e.problems());
        } catch (IOException | RuntimeException e) {
            walk.problems.add(new ArchiveProblem(ArchiveProblem.WHOLE_ARCHIVE, ArchiveRules.ARCHIVE_FORMAT,
                    "not a readable " + format.label() + " archive: " + ReadFailures.describe(e)));
        }
        return new ArchiveWalk(format, walk.files, walk.problems);
    }

    /**
     * Walks a tar or tar.gz archive as its bytes arrive, reading {@code archive} once from its current position (it is
     * not closed): for a reader that sees the bytes while something else stores them. A zip cannot be walked so: its
     * listing is the central directory at its end ({@link ArchiveFormat#readableAsStream()}).
     *
     * @throws IOException what the visitor threw (a failure to read {@code archive} is a problem, as for a file)
     */
    public ArchiveWalk walk(InputStream archive, ArchiveFormat format, ArchiveFileVisitor visitor) throws IOException {
        if (!format.readableAsStream()) {
            throw new IllegalArgumentException("a " + format.label() + " archive is walked from a file, not a stream");
        }
        return walked(format, visitor, walk -> walk.tar(archive, format == ArchiveFormat.TAR_GZ));
    }

    /** A visitor's own failure, carried past the walk's handling of archive failures. */
    private static final class VisitorFailure extends RuntimeException {
        VisitorFailure(Exception cause) {
            super(cause);
        }

        IOException rethrow() {
            if (getCause() instanceof IOException io) {
                return io;
            }
            throw (RuntimeException) getCause();
        }
    }

    /** The state of one walk. */
    private final class Walk {
        private final ArchiveFileVisitor visitor;
        private final Map<String, Long> files = new LinkedHashMap<>();
        private final List<ArchiveProblem> problems = new ArrayList<>();
        private int entries;
        private long total;

        Walk(ArchiveFileVisitor visitor) {
            this.visitor = visitor;
        }

        /** Reads {@code archive} through the end of the tar; it is left open, for its owner to close. */
        void tar(InputStream archive, boolean gzipped) throws IOException {
            InputStream raw = new BufferedInputStream(CloseShieldInputStream.wrap(archive), 64 * 1024);
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
                        problems.add(new ArchiveProblem(name, ArchiveRules.ENTRY_TYPE, badType.get()));
                    } else if (acceptable(name, entry.isDirectory())) {
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
                        problems.add(new ArchiveProblem(name, ArchiveRules.ENTRY_TYPE, badType.get()));
                    } else if (!acceptable(name, entry.isDirectory())) {
                        continue;
                    } else if (!zip.canReadEntryData(entry)) {
                        problems.add(new ArchiveProblem(name, ArchiveRules.ARCHIVE_FORMAT,
                                "encrypted, or compressed with an unsupported method"));
                    } else {
                        long compressedSize = entry.getCompressedSize();
                        try (InputStream content = zip.getInputStream(entry)) {
                            visitFile(name, content, () -> compressedSize, true);
                        }
                    }
                }
            }
        }

        /** Whether an entry is a regular file to visit: its name is fine, and it is not a directory or a repeat. */
        private boolean acceptable(String name, boolean directory) {
            String path = EntryNames.normalise(name);
            if (directory && (path.isEmpty() || path.equals("."))) {
                return false; // the archive's own root, as "tar -C dir ." writes it
            }
            Optional<ArchiveProblem> badName = EntryNames.problem(name);
            if (badName.isPresent()) {
                problems.add(badName.get());
                return false;
            }
            if (directory) {
                return false;
            }
            if (files.containsKey(path)) {
                problems.add(new ArchiveProblem(name, ArchiveRules.DUPLICATE_ENTRY,
                        "the archive holds this path more than once"));
                return false;
            }
            return true;
        }

        private void countEntry(String name) {
            if (++entries > limits.maxEntries()) {
                throw new LimitExceededException(new ArchiveProblem(name, ArchiveRules.ENTRY_COUNT,
                        "the archive has more than " + limits.maxEntries() + " entries"));
            }
        }

        private void visitFile(String name, InputStream content, LongSupplier ratioBase, boolean perEntryRatio)
                throws IOException {
            String path = EntryNames.normalise(name);
            MeteredEntryStream metered = new MeteredEntryStream(content, name, limits, total, ratioBase, perEntryRatio);
            try {
                visitor.visit(path, metered);
            } catch (UnreadableArchiveException | LimitExceededException | ArchiveRefusedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new VisitorFailure(e);
            }
            long size = metered.drain();
            total += size;
            files.put(path, size);
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
