package io.weft.fabric.emulator.fabric;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file row by row with commons-csv (RFC 4180 quoting, any delimiter, CRLF or LF, a leading BOM
 * skipped), streaming, to learn its columns and count its rows. A row with a different number of fields than the first fails the load, naming file and row.
 */
final class CsvTableReader {

    /** Columns and data-row count of one file. */
    record Result(List<String> columns, long rows) {
    }

    /** A malformed file; {@code row} is 1-based and counts the header. */
    static final class MalformedCsv extends Exception {
        MalformedCsv(String message) {
            super(message);
        }
    }

    private CsvTableReader() {
    }

    static Result read(Path file, String displayPath, String delimiter, boolean header) throws IOException, MalformedCsv {
        String delim = delimiter == null || delimiter.isEmpty() ? "," : delimiter;
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delim).setIgnoreEmptyLines(false)
                .setTrailingData(true).setLenientEof(true).get();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(withoutBom(reader))) {
            List<String> columns = null;
            long rows = 0;
            long rowNumber = 0;
            for (CSVRecord record : parser) {
                rowNumber++;
                List<String> fields = record.toList();
                if (fields.size() == 1 && fields.get(0).isEmpty()) {
                    continue; // blank line
                }
                if (columns == null) {
                    if (header) {
                        columns = fields;
                        continue;
                    }
                    columns = new ArrayList<>();
                    for (int i = 0; i < fields.size(); i++) {
                        columns.add("_c" + i);
                    }
                }
                if (fields.size() != columns.size()) {
                    throw new MalformedCsv("Malformed CSV in '" + displayPath + "' at row " + rowNumber + ": expected " + columns.size()
                            + " fields but found " + fields.size() + ".");
                }
                rows++;
            }
            return new Result(columns == null ? List.of() : columns, rows);
        } catch (UncheckedIOException e) {
            throw new MalformedCsv("Malformed CSV in '" + displayPath + "': " + e.getCause().getMessage());
        }
    }

    /** A leading byte order mark is not part of the first column's name. */
    private static Reader withoutBom(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }
}
