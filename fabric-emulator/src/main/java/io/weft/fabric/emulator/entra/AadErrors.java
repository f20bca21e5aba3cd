package io.weft.fabric.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Entra's JSON error body: {@code error}, an {@code error_description} starting with its AADSTS code, trace ids. */
final class AadErrors {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private AadErrors() {
    }

    /** The body of a refusal; {@code description} starts with {@code AADSTS<code>:} as Entra's do. */
    static ObjectNode body(String error, String description, int code) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = TIMESTAMP.format(Instant.now());
        ObjectNode body = HttpCall.JSON.createObjectNode()
                .put("error", error)
                .put("error_description", description + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId
                        + "\r\nTimestamp: " + timestamp);
        body.putArray("error_codes").add(code);
        body.put("timestamp", timestamp)
                .put("trace_id", traceId)
                .put("correlation_id", correlationId)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return body;
    }
}
