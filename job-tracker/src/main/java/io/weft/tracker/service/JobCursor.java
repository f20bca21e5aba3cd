package io.weft.tracker.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after the last job of a page (keyset pagination), opaque to clients: it names the sort it
 * belongs to, the sort column's value and the job id.
 */
record JobCursor(JobSort sort, Instant at, String jobId) {

    String encode() {
        String plain = sort.parameter() + "|" + at + "|" + jobId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static JobCursor decode(String cursor, JobSort expected) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API issued");
        }
        String[] parts = plain.split("\\|", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("cursor is not one this API issued");
        }
        if (!parts[0].equals(expected.parameter())) {
            throw new IllegalArgumentException("cursor belongs to sort '" + parts[0] + "', not '" + expected.parameter() + "'");
        }
        try {
            return new JobCursor(expected, Instant.parse(parts[1]), parts[2]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cursor is not one this API issued");
        }
    }
}
