package io.weft.gateway.service;

import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.TableManifest;
import io.weft.archive.ArchiveFileVisitor;
import io.weft.archive.ArchiveFormat;
import io.weft.archive.ArchiveWalk;
import io.weft.archive.ArchiveWalker;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a scenario archive: the entry rules and limits (through archive-support's {@link ArchiveWalker}), then an
 * {@code entities/} folder (at the root, or inside the archive's single top-level folder) with
 * {@code *.csv} files, each with a header row of unique, non-empty column names, and table names that are
 * valid and distinct ignoring case.
 */
public final class ScenarioInspector {

    /** A CSV file directly in an {@code entities/} folder, at the root or one folder down. */
    private static final Pattern CANDIDATE = Pattern.compile("^(?:[^/]+/)?entities/[^/]+\\.csv$", Pattern.CASE_INSENSITIVE);

    private final ArchiveWalker walker;
    private final int maxHeaderBytes;

    public ScenarioInspector(ArchiveWalker walker, int maxHeaderBytes) {
        this.walker = walker;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** The manifest, when {@code problems} is empty. */
    public record Inspection(ScenarioManifest manifest, List<Problem> problems) {
    }

    public Inspection inspect(Path archive, ArchiveFormat format) {
        return inspect(visitor -> walk(walker, archive, format, visitor));
    }

    /**
     * Inspects a tar or tar.gz archive as its bytes arrive ({@link ArchiveFormat#readableAsStream()}), reading
     * {@code archive} once, for as long as the inspection needs.
     */
    public Inspection inspect(InputStream archive, ArchiveFormat format) {
        return inspect(visitor -> {
            try {
                return walker.walk(archive, format, visitor);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the uploaded archive", e);
            }
        });
    }

    private Inspection inspect(Function<ArchiveFileVisitor, ArchiveWalk> walking) {
        Map<String, CsvHeader.Result> headers = new HashMap<>();
        ArchiveFileVisitor readHeaders = (String path, InputStream content) -> {
            if (CANDIDATE.matcher(path).matches()) {
                headers.put(path, CsvHeader.read(content, maxHeaderBytes));
            }
        };
        ArchiveWalk scan = walking.apply(readHeaders);
        List<Problem> problems = new ArrayList<>(scan.problems().stream().map(Problem::of).toList());
        if (scan.endedEarly()) {
            // The scan stopped early; what follows would report the unread entries as missing.
            return new Inspection(null, problems);
        }
        String root = entitiesRoot(scan.files().keySet());
        List<TableManifest> tables = new ArrayList<>();
        Map<String, String> tableToPath = new LinkedHashMap<>();
        for (Map.Entry<String, Long> file : scan.files().entrySet()) {
            String path = file.getKey();
            if (!path.startsWith(root + "entities/") || !headers.containsKey(path)) {
                continue;
            }
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            String table = TableNames.derive(fileName);
            List<String> columns = checkHeader(path, headers.get(path), problems);
            if (!TableNames.isValid(table)) {
                problems.add(Problem.ofEntry(path, Rules.TABLE_NAME_INVALID, "the file name gives the table name '"
                        + table + "', which does not match " + TableNames.FABRIC_TABLE_NAME.pattern()));
            } else if (tableToPath.containsKey(table.toLowerCase(Locale.ROOT))) {
                problems.add(Problem.ofEntry(path, Rules.TABLE_NAME_COLLISION, "the table name '" + table
                        + "' equals, ignoring case, the one of " + tableToPath.get(table.toLowerCase(Locale.ROOT))));
            } else {
                tableToPath.put(table.toLowerCase(Locale.ROOT), path);
            }
            tables.add(new TableManifest(table, path, columns, file.getValue()));
        }
        if (tables.isEmpty()) {
            problems.add(Problem.ofEntry(Problem.WHOLE_ARCHIVE, Rules.ENTITIES_MISSING,
                    "the archive has no entities/ folder with *.csv files"));
        }
        if (!problems.isEmpty()) {
            return new Inspection(null, problems);
        }
        long totalBytes = tables.stream().mapToLong(TableManifest::sizeBytes).sum();
        return new Inspection(new ScenarioManifest(List.copyOf(tables), totalBytes), List.of());
    }

    /** Walks an uploaded archive; the visitors only read, so an {@link IOException} is the disk's, not the client's. */
    static ArchiveWalk walk(ArchiveWalker walker, Path archive, ArchiveFormat format, ArchiveFileVisitor visitor) {
        try {
            return walker.walk(archive, format, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded archive", e);
        }
    }

    /** {@code ""} when {@code entities/} is at the root, else the single top-level folder holding it. */
    static String entitiesRoot(Set<String> paths) {
        if (paths.stream().anyMatch(path -> path.startsWith("entities/"))) {
            return "";
        }
        TreeSet<String> tops = paths.stream().filter(path -> path.contains("/"))
                .map(path -> path.substring(0, path.indexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
        boolean allInside = paths.stream().allMatch(path -> path.contains("/"));
        return tops.size() == 1 && allInside ? tops.first() : "";
    }

    private static List<String> checkHeader(String path, CsvHeader.Result header, List<Problem> problems) {
        if (header.status() == CsvHeader.Status.TOO_LONG) {
            problems.add(Problem.ofEntry(path, Rules.CSV_HEADER_TOO_LONG, "the header row is longer than the limit"));
            return List.of();
        }
        if (header.status() == CsvHeader.Status.MALFORMED) {
            problems.add(Problem.ofEntry(path, Rules.CSV_HEADER_MALFORMED, "the header row is not valid CSV: a quoted"
                    + " name must end with a quote followed by a comma or the end of the line"));
            return List.of();
        }
        if (header.columns().isEmpty()) {
            problems.add(Problem.ofEntry(path, Rules.CSV_HEADER_MISSING, "the file is empty: a header row is required"));
            return List.of();
        }
        List<String> columns = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.columns().size(); i++) {
            String column = header.columns().get(i).trim();
            int position = i + 1;
            if (column.isEmpty()) {
                problems.add(Problem.ofEntry(path, Rules.CSV_COLUMN_EMPTY, "column " + position + " has no name"));
            } else if (seen.containsKey(column.toLowerCase(Locale.ROOT))) {
                problems.add(Problem.ofEntry(path, Rules.CSV_COLUMN_DUPLICATE, "column " + position + " '" + column
                        + "' repeats column " + seen.get(column.toLowerCase(Locale.ROOT)) + " (names are compared ignoring case)"));
            } else {
                seen.put(column.toLowerCase(Locale.ROOT), position);
            }
            columns.add(column);
        }
        return columns;
    }
}
