package io.weft.fabric.client.http;

import com.azure.core.http.HttpHeaders;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Reads the server's requested wait: {@code retry-after-ms}, {@code x-ms-retry-after-ms}, or {@code Retry-After} (seconds or HTTP date). */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> from(HttpHeaders headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (String msHeader : new String[] { "retry-after-ms", "x-ms-retry-after-ms" }) {
            String ms = headers.getValue(msHeader);
            if (ms != null) {
                try {
                    return Optional.of(Duration.ofMillis(Math.max(0, Long.parseLong(ms.trim()))));
                } catch (NumberFormatException ignored) {
                    // fall through to Retry-After
                }
            }
        }
        String value = headers.getValue("Retry-After");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(v) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }
}
