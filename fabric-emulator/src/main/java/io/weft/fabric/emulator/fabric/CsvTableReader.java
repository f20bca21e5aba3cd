package io.weft.fabric.emulator.fabric;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file row by row (RFC 4180 quoting, any delimiter), streaming, to learn its columns and count its
 * rows. A row with a different number of fields than the first fails the load, naming file and row.
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
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> columns = null;
            long rows = 0;
            long rowNumber = 0;
            List<String> fields;
            while ((fields = nextRecord(reader, delim)) != null) {
                rowNumber++;
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
        }
    }

    /** The fields of the next record, or null at end of input. Quoted fields may hold delimiters and newlines. */
    private static List<String> nextRecord(Reader reader, String delim) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        int c;
        while ((c = reader.read()) != -1) {
            any = true;
            char ch = (char) c;
            if (inQuotes) {
                if (ch == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        inQuotes = false;
                        if (next != -1) {
                            reader.reset();
                        }
                    }
                } else {
                    field.append(ch);
                }
                continue;
            }
            if (ch == '"' && field.length() == 0) {
                inQuotes = true;
            } else if (ch == '\n') {
                fields.add(stripCr(field));
                return fields;
            } else {
                field.append(ch);
                if (field.length() >= delim.length() && field.substring(field.length() - delim.length()).equals(delim)) {
                    field.setLength(field.length() - delim.length());
                    fields.add(field.toString());
                    field.setLength(0);
                }
            }
        }
        if (!any) {
            return null;
        }
        fields.add(stripCr(field));
        return fields;
    }

    private static String stripCr(StringBuilder field) {
        int n = field.length();
        return n > 0 && field.charAt(n - 1) == '\r' ? field.substring(0, n - 1) : field.toString();
    }
}
