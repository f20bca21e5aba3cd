package io.weft.provisioner.ontology;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records one at a time (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""}
 * for a quote inside one, quoted fields may span lines; CRLF or LF line ends; a leading UTF-8 BOM is skipped).
 */
final class CsvRecords {

    private final Reader reader;
    private int pushedBack = -2;
    private boolean first = true;

    CsvRecords(Reader reader) {
        this.reader = reader;
    }

    /** The next record's fields, or null at the end of input. A blank line is a record of one empty field. */
    List<String> next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        int c;
        while ((c = read()) != -1) {
            any = true;
            if (inQuotes) {
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        inQuotes = false;
                        unread(next);
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty()) {
                inQuotes = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                int next = read();
                if (next != '\n') {
                    unread(next);
                }
                break;
            } else if (c == '\n') {
                break;
            } else {
                field.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = reader.read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = reader.read();
            }
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
