package io.weft.provisioner.archive;

import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.TableManifest;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Extracts the CSV files a scenario's manifest lists from its archive, re-checking what the gateway already
 * validated: the gateway's checks guard the front door, these guard the worker should a staged object or a
 * command come from elsewhere.
 * <ul>
 * <li>Only the manifest's paths are extracted, each to {@code <table>.csv} in the target directory: the name
 * comes from the validated table name, never from the archive, so no entry can write outside it.</li>
 * <li>Any entry that is absolute, climbs with {@code ..}, uses backslashes, or is a link (symbolic or hard),
 * rejects the whole archive, as does a manifest path that is not {@code [folder/]entities/<file>.csv}.</li>
 * <li>Each extracted file must have exactly the manifest's size, may appear only once, and the total is
 * bounded by {@code maxTotalBytes}.</li>
 * </ul>
 * Entries outside the manifest (a README, a definitions folder) are skipped.
 */
public final class ScenarioArchiveExtractor {

    /** The gateway's rule for scenario CSV files: directly in an {@code entities/} folder, at the root or one down. */
    static final Pattern MANIFEST_PATH = Pattern.compile("^(?:[^/\\\\]+/)?entities/[^/\\\\]+\\.csv$", Pattern.CASE_INSENSITIVE);

    private static final Pattern TABLE_NAME = Pattern.compile("^(?=[0-9]*[a-zA-Z_])[a-zA-Z0-9_]{1,256}$");

    private ScenarioArchiveExtractor() {
    }

    /**
     * Extracts the manifest's tables into {@code targetDirectory} (which must exist).
     *
     * @return the extracted tables, in manifest order
     * @throws ArchiveRejectedException when the archive or the manifest breaks a rule (never succeeds on retry)
     * @throws IOException              when reading or writing fails
     */
    public static List<ExtractedTable> extract(Path archive, ScenarioManifest manifest, Path targetDirectory,
            long maxTotalBytes) throws IOException {
        Map<String, TableManifest> byPath = checkManifest(manifest);
        Extraction extraction = new Extraction(byPath, targetDirectory, maxTotalBytes);
        switch (ArchiveFormat.detect(archive)) {
            case ZIP -> extractZip(archive, extraction);
            case TAR -> extractTar(Files.newInputStream(archive), extraction);
            case TAR_GZ -> extractTar(new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive))),
                    extraction);
        }
        return extraction.result(manifest);
    }

    private static Map<String, TableManifest> checkManifest(ScenarioManifest manifest) {
        if (manifest == null || manifest.tables() == null || manifest.tables().isEmpty()) {
            throw new ArchiveRejectedException("the manifest lists no tables");
        }
        Map<String, TableManifest> byPath = new LinkedHashMap<>();
        Set<String> tables = new HashSet<>();
        for (TableManifest table : manifest.tables()) {
            if (!MANIFEST_PATH.matcher(table.path()).matches() || hasTraversal(table.path())) {
                throw new ArchiveRejectedException("the manifest path '" + table.path()
                        + "' is not a CSV file directly in an entities/ folder");
            }
            if (!TABLE_NAME.matcher(table.table()).matches()) {
                throw new ArchiveRejectedException("the manifest's table name '" + table.table() + "' is not a valid table name");
            }
            if (!tables.add(table.table().toLowerCase(java.util.Locale.ROOT))) {
                throw new ArchiveRejectedException("the manifest lists the table '" + table.table() + "' twice");
            }
            if (byPath.put(table.path(), table) != null) {
                throw new ArchiveRejectedException("the manifest lists the path '" + table.path() + "' twice");
            }
        }
        return byPath;
    }

    private static void extractZip(Path archive, Extraction extraction) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                if (entry.isUnixSymlink()) {
                    throw new ArchiveRejectedException("the archive entry '" + entry.getName() + "' is a symbolic link");
                }
                if (extraction.wants(entry)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        extraction.write(entry.getName(), in);
                    }
                }
            }
        }
    }

    private static void extractTar(InputStream raw, Extraction extraction) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new ArchiveRejectedException("the archive entry '" + entry.getName() + "' is a link");
                }
                if (!entry.isDirectory() && !entry.isFile()) {
                    throw new ArchiveRejectedException("the archive entry '" + entry.getName() + "' is not a regular file");
                }
                if (extraction.wants(entry)) {
                    extraction.write(entry.getName(), tar);
                }
            }
        }
    }

    static boolean hasTraversal(String name) {
        if (name.startsWith("/") || name.contains("\\") || name.contains("\0") || (name.length() > 1 && name.charAt(1) == ':')) {
            return true;
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The state of one extraction: what is wanted, what was written. */
    private static final class Extraction {
        private final Map<String, TableManifest> byPath;
        private final Path target;
        private final long maxTotalBytes;
        private final Map<String, Path> written = new HashMap<>();
        private long totalBytes;

        Extraction(Map<String, TableManifest> byPath, Path target, long maxTotalBytes) {
            this.byPath = byPath;
            this.target = target;
            this.maxTotalBytes = maxTotalBytes;
        }

        boolean wants(ArchiveEntry entry) {
            String name = entry.getName();
            if (hasTraversal(name)) {
                throw new ArchiveRejectedException("the archive entry '" + name + "' points outside the archive");
            }
            if (!byPath.containsKey(name)) {
                return false;
            }
            if (entry.isDirectory()) {
                throw new ArchiveRejectedException("the archive entry '" + name + "' is a directory, not a CSV file");
            }
            if (written.containsKey(name)) {
                throw new ArchiveRejectedException("the archive holds '" + name + "' more than once");
            }
            return true;
        }

        void write(String name, InputStream content) throws IOException {
            TableManifest table = byPath.get(name);
            Path file = target.resolve(table.table() + ".csv");
            long limit = table.sizeBytes();
            long copied = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int read;
                while ((read = content.read(buffer)) != -1) {
                    copied += read;
                    totalBytes += read;
                    if (copied > limit) {
                        throw new ArchiveRejectedException("the archive entry '" + name + "' is larger than the manifest's "
                                + limit + " bytes");
                    }
                    if (totalBytes > maxTotalBytes) {
                        throw new ArchiveRejectedException("the archive's files exceed the limit of " + maxTotalBytes + " bytes");
                    }
                    out.write(buffer, 0, read);
                }
            }
            if (copied != limit) {
                throw new ArchiveRejectedException("the archive entry '" + name + "' has " + copied
                        + " bytes, the manifest says " + limit);
            }
            written.put(name, file);
        }

        List<ExtractedTable> result(ScenarioManifest manifest) {
            List<ExtractedTable> tables = new ArrayList<>();
            for (TableManifest table : manifest.tables()) {
                Path file = written.get(table.path());
                if (file == null) {
                    throw new ArchiveRejectedException("the archive has no entry '" + table.path() + "' listed in the manifest");
                }
                tables.add(new ExtractedTable(table, file));
            }
            return List.copyOf(tables);
        }
    }
}
