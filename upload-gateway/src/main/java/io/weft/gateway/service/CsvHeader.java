package io.weft.gateway.service;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the header row of a CSV file with commons-csv (RFC 4180: comma-separated, double quotes around fields
 * that contain commas, quotes or line breaks, {@code ""} for a quote; CRLF or LF; a UTF-8 BOM is not part of
 * the first name), reading no more than the limit.
 */
final class CsvHeader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private CsvHeader() {
    }

    /** What the header row gives: the raw column names, or why there is no usable one. */
    enum Status { READ, TOO_LONG, MALFORMED }

    /** The outcome: the columns as written (not trimmed), empty when the file is empty. */
    record Result(List<String> columns, Status status) {
    }

    static Result read(InputStream in, int maxBytes) throws IOException {
        byte[] head = in.readNBytes(maxBytes);
        boolean more = head.length == maxBytes && in.read() != -1;
        InputStream bytes = BOMInputStream.builder().setInputStream(new ByteArrayInputStream(head)).get();
        try (CSVParser parser = FORMAT.parse(new InputStreamReader(bytes, StandardCharsets.UTF_8))) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                return new Result(List.of(), more ? Status.TOO_LONG : Status.READ);
            }
            List<String> columns = records.next().toList();
            if (more && !ended(records, head)) {
                return new Result(List.of(), Status.TOO_LONG);
            }
            return new Result(columns, Status.READ);
        } catch (IOException | UncheckedIOException e) {
            // Within the limit the first record is unreadable CSV; beyond it, a quoted name ran past the limit.
            return new Result(List.of(), more ? Status.TOO_LONG : Status.MALFORMED);
        }
    }

    /** Whether the first record ended inside the bytes read: a second one began, or they end with a line break. */
    private static boolean ended(Iterator<CSVRecord> records, byte[] head) {
        try {
            if (records.hasNext()) {
                return true;
            }
        } catch (UncheckedIOException secondRecordCutShort) {
            return true;
        }
        byte last = head[head.length - 1];
        return last == '\n' || last == '\r';
    }
}
