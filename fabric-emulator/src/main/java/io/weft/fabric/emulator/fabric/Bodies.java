package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading fields of request bodies the way Fabric validates them (its "The X field is required." messages). */
final class Bodies {

    private Bodies() {
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw FabricError.badRequest("The " + Character.toUpperCase(field.charAt(0)) + field.substring(1) + " field is required.");
        }
        return v.asText();
    }

    static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
