package io.weft.provisioner.ontology;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a CSV file's header and up to a number of data rows, and infers each column's value type. The CSV is
 * read by commons-csv: RFC 4180 (quoted fields may hold commas, quotes as {@code ""} and line breaks; CRLF or
 * LF), blank lines skipped, and lenient about a quote followed by more text, as the inference only samples.
 */
public final class TableProfiler {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .setTrailingData(true)
            .setLenientEof(true)
            .get();

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
        try (CSVParser parser = FORMAT.parse(withoutBom(reader))) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = records.hasNext() ? records.next().toList() : List.of();
            if (header.isEmpty() || header.size() == 1 && header.get(0).isBlank()) {
                throw new IllegalArgumentException("the CSV file of table " + table + " has no header row");
            }
            List<ValueTypeInference> inferences = new ArrayList<>();
            header.forEach(column -> inferences.add(new ValueTypeInference()));
            long rows = 0;
            while ((sampleRows == 0 || rows < sampleRows) && records.hasNext()) {
                CSVRecord record = records.next();
                rows++;
                for (int i = 0; i < Math.min(record.size(), inferences.size()); i++) {
                    inferences.get(i).accept(record.get(i));
                }
            }
            return profile(table, header, inferences, rows);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A leading byte order mark, as Excel writes it, is not part of the first column's name. */
    private static Reader withoutBom(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }

    private static TableProfile profile(String table, List<String> header, List<ValueTypeInference> inferences,
            long rows) {
        List<TableProfile.Column> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            columns.add(new TableProfile.Column(header.get(i).trim(), inferences.get(i).result()));
        }
        return new TableProfile(table, columns, rows);
    }
}
