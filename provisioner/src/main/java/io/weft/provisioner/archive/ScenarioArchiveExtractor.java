package io.weft.provisioner.archive;

import io.weft.archive.ArchiveExtractor;
import io.weft.archive.ArchiveLimits;
import io.weft.archive.ArchiveRefusedException;
import io.weft.archive.ArchiveRules;
import io.weft.archive.ArchiveWalk;
import io.weft.archive.ArchiveWalker;
import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.TableManifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Extracts the CSV files a scenario's manifest lists from its archive. The archive is walked under
 * archive-support's rules, the ones the gateway applied (so a staged object or a command that came from
 * elsewhere meets them too); on top of those:
 * <ul>
 * <li>Only the manifest's paths are extracted, each to {@code <table>.csv} in the target directory: the name
 * comes from the validated table name, never from the archive.</li>
 * <li>A manifest path must be {@code [folder/]entities/<file>.csv}, a table name valid and listed once.</li>
 * <li>Each extracted file must have exactly the manifest's size; all the archive's files together are bounded
 * by {@code maxTotalBytes}.</li>
 * </ul>
 * Entries outside the manifest (a README, a definitions folder) are read (to enforce the rules) but not written.
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
     * @throws ArchiveRefusedException when the archive or the manifest breaks a rule (never succeeds on retry)
     * @throws IOException             when writing fails
     */
    public static List<ExtractedTable> extract(Path archive, ScenarioManifest manifest, Path targetDirectory,
            long maxTotalBytes) throws IOException {
        Map<String, TableManifest> byPath = checkManifest(manifest);
        Map<String, Path> targets = new LinkedHashMap<>();
        byPath.forEach((path, table) -> targets.put(path, targetDirectory.resolve(table.table() + ".csv")));
        ArchiveWalker walker = new ArchiveWalker(ArchiveLimits.DEFAULTS.withMaxTotalBytes(maxTotalBytes));
        ArchiveWalk walk = ArchiveExtractor.extract(walker, archive, targets);
        List<ExtractedTable> tables = new ArrayList<>();
        for (TableManifest table : manifest.tables()) {
            Long size = walk.files().get(table.path());
            if (size == null) {
                throw refused(table.path(), "the archive has no file '" + table.path() + "' listed in the manifest");
            }
            if (size != table.sizeBytes()) {
                throw refused(table.path(), "the file has " + size + " bytes, the manifest says " + table.sizeBytes());
            }
            tables.add(new ExtractedTable(table, targets.get(table.path())));
        }
        return List.copyOf(tables);
    }

    private static Map<String, TableManifest> checkManifest(ScenarioManifest manifest) {
        if (manifest == null || manifest.tables() == null || manifest.tables().isEmpty()) {
            throw refused("(manifest)", "the manifest lists no tables");
        }
        Map<String, TableManifest> byPath = new LinkedHashMap<>();
        Set<String> tables = new HashSet<>();
        for (TableManifest table : manifest.tables()) {
            if (!MANIFEST_PATH.matcher(table.path()).matches() || table.path().contains("..")) {
                throw refused(table.path(), "the manifest path is not a CSV file directly in an entities/ folder");
            }
            if (!TABLE_NAME.matcher(table.table()).matches()) {
                throw refused(table.path(), "the manifest's table name '" + table.table() + "' is not a valid table name");
            }
            if (!tables.add(table.table().toLowerCase(Locale.ROOT))) {
                throw refused(table.path(), "the manifest lists the table '" + table.table() + "' twice");
            }
            if (byPath.put(table.path(), table) != null) {
                throw refused(table.path(), "the manifest lists the path twice");
            }
        }
        return byPath;
    }

    private static ArchiveRefusedException refused(String entry, String detail) {
        return new ArchiveRefusedException(entry, ArchiveRules.MANIFEST_MISMATCH, detail);
    }
}
