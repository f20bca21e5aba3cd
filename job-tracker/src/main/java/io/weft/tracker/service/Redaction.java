package io.weft.tracker.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.weft.contracts.ContractCodec;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes what must never reach job status from a command before it is shown as the job's request: fields
 * that look like credentials, and query strings of URIs (a staged archive's URI may carry a SAS token).
 */
final class Redaction {

    static final String REDACTED = "***";
    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|token|password|credential|apikey|sas|signature).*");
    private static final Pattern URI_WITH_QUERY = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^?\\s]*\\?.*$");

    private Redaction() {
    }

    static Map<String, Object> redact(JsonNode data) {
        if (data == null || !data.isObject()) {
            return null;
        }
        JsonNode copy = data.deepCopy();
        scrub(copy);
        return ContractCodec.get().mapper().convertValue(copy, new TypeReference<Map<String, Object>>() {
        });
    }

    private static void scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
                if (SECRET_NAME.matcher(name).matches() && field.getValue().isValueNode()) {
                    field.setValue(TextNode.valueOf(REDACTED));
                } else if (field.getValue().isTextual() && URI_WITH_QUERY.matcher(field.getValue().asText()).matches()) {
                    String uri = field.getValue().asText();
                    field.setValue(TextNode.valueOf(uri.substring(0, uri.indexOf('?')) + "?" + REDACTED));
                } else {
                    scrub(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(Redaction::scrub);
        }
    }
}
