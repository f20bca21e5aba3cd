package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.onelake.OneLakeStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.weft.fabric.emulator.fabric.Bodies.requiredText;
import static io.weft.fabric.emulator.fabric.Bodies.text;

/** A lakehouse's tables: listing them, and loading CSV files from its Files into a table (always an operation). */
public final class TableLoads {

    private static final Pattern TABLE_NAME = Pattern.compile("^(?=[0-9]*[a-zA-Z_])[a-zA-Z0-9_]{1,256}$");
    private static final Pattern RELATIVE_PATH = Pattern.compile("^Files(/[^/]+)*/?$");

    private final Object lock;
    private final ItemStore items;
    private final Operations operations;
    private final OneLakeStore oneLake;
    private final Clock clock;

    TableLoads(Object lock, ItemStore items, Operations operations, OneLakeStore oneLake, Clock clock) {
        this.lock = lock;
        this.items = items;
        this.operations = operations;
        this.oneLake = oneLake;
        this.clock = clock;
    }

    public List<JsonNode> list(String workspaceId, String lakehouseId) {
        synchronized (lock) {
            Item lh = items.item(workspaceId, lakehouseId, FabricService.LAKEHOUSE);
            if (lh.schemasEnabled) {
                throw schemasEnabled();
            }
            List<JsonNode> result = new ArrayList<>();
            for (TableInfo t : lh.tables.values()) {
                result.add(HttpCall.JSON.createObjectNode()
                        .put("type", "Managed")
                        .put("name", t.name())
                        .put("location", "abfss://" + lh.workspaceId + "@onelake.dfs.fabric.microsoft.com/" + lh.id + "/Tables/" + t.name())
                        .put("format", "Delta"));
            }
            return result;
        }
    }

    private static FabricError schemasEnabled() {
        return new FabricError(400, "UnsupportedOperationForSchemasEnabledLakehouse",
                "The operation is not supported for Lakehouse with schemas enabled.");
    }

    /** The tables of a lakehouse as the emulator recorded them (columns, row counts). */
    public List<TableInfo> tables(String workspaceId, String lakehouseId) {
        synchronized (lock) {
            return List.copyOf(items.item(workspaceId, lakehouseId, FabricService.LAKEHOUSE).tables.values());
        }
    }

    public Operations.Outcome load(String workspaceId, String lakehouseId, String tableName, JsonNode body) {
        Item lh;
        synchronized (lock) {
            lh = items.item(workspaceId, lakehouseId, FabricService.LAKEHOUSE);
            if (lh.schemasEnabled) {
                throw schemasEnabled();
            }
        }
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw FabricError.badRequest("The table name '" + tableName + "' is invalid.");
        }
        String relativePath = requiredText(body, "relativePath");
        if (!RELATIVE_PATH.matcher(relativePath).matches()) {
            throw FabricError.badRequest("The RelativePath field must start with 'Files'.");
        }
        String pathType = requiredText(body, "pathType");
        if (!pathType.equals("File") && !pathType.equals("Folder")) {
            throw FabricError.badRequest("The PathType field must be File or Folder.");
        }
        String mode = text(body, "mode", "Overwrite");
        if (!mode.equals("Overwrite") && !mode.equals("Append")) {
            throw FabricError.badRequest("The Mode field must be Overwrite or Append.");
        }
        JsonNode formatOptions = body.path("formatOptions");
        String format = formatOptions.isObject() ? text(formatOptions, "format", "Csv") : "Csv";
        if (!format.equals("Csv") && !format.equals("Parquet")) {
            throw FabricError.badRequest("The Format field must be Csv or Parquet.");
        }
        boolean header = formatOptions.path("header").asBoolean(false);
        String delimiter = formatOptions.path("delimiter").isTextual() ? formatOptions.path("delimiter").asText() : ",";
        String extension = text(body, "fileExtension", text(body, "extension", format.equals("Csv") ? "csv" : "parquet"));
        boolean recursive = body.path("recursive").asBoolean(false);
        Path lakehouseRoot = oneLake.itemRoot(lh.workspaceId, lh.id);
        Item target = lh;
        return operations.run("LoadTable", 202, true, false, false, () -> {
            if (format.equals("Parquet")) {
                throw new FabricError(400, "UnsupportedFileFormat", "The emulator loads Csv files only.");
            }
            Path source = lakehouseRoot.resolve(relativePath).normalize();
            if (!source.startsWith(lakehouseRoot.resolve("Files"))) {
                throw FabricError.badRequest("Target path doesn't exist");
            }
            List<Path> files = sourceFiles(source, pathType, extension, recursive);
            List<String> columns = null;
            long rows = 0;
            for (Path file : files) {
                String display = lakehouseRoot.relativize(file).toString().replace('\\', '/');
                CsvTableReader.Result r;
                try {
                    r = CsvTableReader.read(file, display, delimiter, header);
                } catch (CsvTableReader.MalformedCsv e) {
                    ArrayNode details = HttpCall.JSON.createArrayNode();
                    details.addObject().put("errorCode", "MalformedCsvRow").put("message", e.getMessage());
                    throw new FabricError(400, "InvalidInputData", e.getMessage(), details, false);
                }
                if (columns == null) {
                    columns = r.columns();
                } else if (!columns.equals(r.columns()) && !r.columns().isEmpty()) {
                    throw new FabricError(400, "SchemaMismatch", "The columns of '" + display + "' " + r.columns()
                            + " differ from the columns of the other files " + columns + ".");
                }
                rows += r.rows();
            }
            List<String> cols = columns == null ? List.of() : columns;
            List<String> sources = files.stream().map(f -> lakehouseRoot.relativize(f).toString().replace('\\', '/')).toList();
            synchronized (lock) {
                TableInfo existing = target.tables.get(tableName);
                if (mode.equals("Append") && existing != null) {
                    if (!existing.columns().equals(cols)) {
                        throw new FabricError(400, "SchemaMismatch", "Cannot append to table '" + tableName + "': its columns "
                                + existing.columns() + " differ from the loaded columns " + cols + ".");
                    }
                    target.tables.put(tableName, new TableInfo(tableName, cols, existing.rowCount() + rows, sources, clock.instant()));
                } else {
                    target.tables.put(tableName, new TableInfo(tableName, cols, rows, sources, clock.instant()));
                }
            }
            Files.createDirectories(lakehouseRoot.resolve("Tables").resolve(tableName));
            return null;
        }, () -> {
        });
    }

    private static List<Path> sourceFiles(Path source, String pathType, String extension, boolean recursive) throws IOException {
        if (pathType.equals("File")) {
            if (!Files.isRegularFile(source)) {
                throw FabricError.badRequest("Target path doesn't exist");
            }
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw FabricError.badRequest("Target path doesn't exist");
        }
        String suffix = "." + extension.toLowerCase(Locale.ROOT);
        try (Stream<Path> walk = recursive ? Files.walk(source) : Files.list(source)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix))
                    .sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
            if (files.isEmpty()) {
                throw FabricError.badRequest("No files with extension '" + extension + "' were found in the folder");
            }
            return files;
        }
    }
}
