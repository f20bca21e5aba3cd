package io.weft.gateway.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the header row of a CSV file (RFC 4180: comma-separated, double quotes around fields that contain
 * commas, quotes or line breaks, {@code ""} for a quote), reading no further than the first record.
 */
final class CsvHeader {

    private CsvHeader() {
    }

    /** The outcome: the raw column names, or why there is no usable header row. */
    record Result(List<String> columns, boolean tooLong) {
    }

    /**
     * @return the columns as written (not trimmed), empty when the file is empty; {@code tooLong} when the
     *         first record is longer than {@code maxBytes}
     */
    static Result read(InputStream in, int maxBytes) throws IOException {
        Optional<String> line = firstRecord(in, maxBytes);
        if (line == null) {
            return new Result(List.of(), true);
        }
        return new Result(line.map(CsvHeader::split).orElse(List.of()), false);
    }

    /** The first record's text, empty for an empty file, {@code null} when longer than the limit. */
    private static Optional<String> firstRecord(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean quoted = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted && (b == '\n' || b == '\r')) {
                break;
            }
            if (bytes.size() >= maxBytes) {
                return null;
            }
            bytes.write(b);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.isEmpty() && b == -1 ? Optional.empty() : Optional.of(text);
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
