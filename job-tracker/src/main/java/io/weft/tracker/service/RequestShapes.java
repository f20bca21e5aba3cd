package io.weft.tracker.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The two lean shapes of a job's request (already redacted): its <em>summary</em>, for lists, and the request
 * with its definition payloads elided, for the job itself. Both work on any command shape, so a new kind of
 * command gets sensible lists without code here.
 */
final class RequestShapes {

    /** Locators and checksums: needed by workers, not by someone reading a list. */
    private static final Set<String> NOT_IN_SUMMARY = Set.of("jobId", "uri", "sha256");
    /** A text longer than this is content, not an identifier. */
    private static final int MAX_SUMMARY_TEXT = 256;
    private static final String PAYLOAD = "payload";

    private RequestShapes() {
    }

    /**
     * Identifying fields and sizes: short scalars as they are; every array as {@code <name>Count}, and for an
     * array of parts with base64 payloads also {@code <name>Bytes}, their decoded size; objects summarised the
     * same way. E.g. a semantic model deployment gives {@code workspace, modelName, mode, definition: {format,
     * partsCount, partsBytes}}; a graph scenario {@code scenarioName, archive: {fileName, sizeBytes},
     * manifest: {tablesCount, totalBytes}}.
     */
    static ObjectNode summary(JsonNode request) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        if (request == null || !request.isObject()) {
            return summary;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = request.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (NOT_IN_SUMMARY.contains(name) || value.isNull()) {
                continue;
            }
            if (value.isObject()) {
                summary.set(name, summary(value));
            } else if (value.isArray()) {
                summary.put(name + "Count", value.size());
                long bytes = payloadBytes((ArrayNode) value);
                if (bytes >= 0) {
                    summary.put(name + "Bytes", bytes);
                }
            } else if (!value.isTextual() || value.asText().length() <= MAX_SUMMARY_TEXT) {
                summary.set(name, value);
            }
        }
        return summary;
    }

    /**
     * A copy of the request in which every object carrying a base64 {@code payload} (a definition part) has
     * {@code payloadBytes} (the decoded size) instead.
     */
    static JsonNode withoutPayloads(JsonNode request) {
        if (request == null) {
            return null;
        }
        JsonNode copy = request.deepCopy();
        elide(copy);
        return copy;
    }

    private static void elide(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode payload = object.get(PAYLOAD);
            if (payload != null && payload.isTextual()) {
                object.remove(PAYLOAD);
                object.put("payloadBytes", decodedSize(payload.asText()));
            }
            object.forEach(RequestShapes::elide);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RequestShapes::elide);
        }
    }

    /** The decoded size of the payloads of an array's elements; -1 when they carry none. */
    private static long payloadBytes(ArrayNode array) {
        long total = -1;
        for (JsonNode element : array) {
            JsonNode payload = element.get(PAYLOAD);
            if (payload != null && payload.isTextual()) {
                total = Math.max(total, 0) + decodedSize(payload.asText());
            }
        }
        return total;
    }

    /** The size of base64 text once decoded, without decoding it. */
    static long decodedSize(String base64) {
        int length = base64.length();
        while (length > 0 && Character.isWhitespace(base64.charAt(length - 1))) {
            length--;
        }
        int padding = 0;
        while (padding < 2 && length - padding > 0 && base64.charAt(length - padding - 1) == '=') {
            padding++;
        }
        return Math.max(0, (long) length * 3 / 4 - padding);
    }
}
