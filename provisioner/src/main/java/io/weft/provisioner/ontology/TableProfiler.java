package io.weft.provisioner.ontology;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a CSV file's header and up to a number of data rows, and infers each column's value type. */
public final class TableProfiler {

    private TableProfiler() {
    }

    /**
     * @param sampleRows data rows to read; 0 reads them all
     * @throws IllegalArgumentException when the file has no header row
     */
    public static TableProfile profile(String table, Path csv, int sampleRows) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return profile(table, reader, sampleRows);
        }
    }

    static TableProfile profile(String table, Reader reader, int sampleRows) throws IOException {
        CsvRecords records = new CsvRecords(reader);
        List<String> header = records.next();
        if (header == null || header.size() == 1 && header.get(0).isBlank()) {
            throw new IllegalArgumentException("the CSV file of table " + table + " has no header row");
        }
        List<ValueTypeInference> inferences = new ArrayList<>();
        header.forEach(column -> inferences.add(new ValueTypeInference()));
        long rows = 0;
        List<String> record;
        while ((sampleRows == 0 || rows < sampleRows) && (record = records.next()) != null) {
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            rows++;
            for (int i = 0; i < Math.min(record.size(), inferences.size()); i++) {
                inferences.get(i).accept(record.get(i));
            }
        }
        List<TableProfile.Column> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            columns.add(new TableProfile.Column(header.get(i).trim(), inferences.get(i).result()));
        }
        return new TableProfile(table, columns, rows);
    }
}
