package io.weft.fabric.client.http;

import com.azure.core.http.HttpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.fabric.client.FabricException;

import java.util.ArrayList;
import java.util.List;

/** Fabric's ErrorResponse, read from a body and the {@code RequestId} / {@code x-ms-public-api-error-code} headers. */
public record FabricError(int status, String errorCode, String message, String requestId, Boolean isRetriable,
        List<FabricException.ErrorDetail> moreDetails) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public FailureKind kind() {
        return FailureKind.classify(status, errorCode, isRetriable);
    }

    public FabricException toException() {
        FailureKind kind = kind();
        return new FabricException(errorCode, message, requestId, status, kind != FailureKind.PERMANENT, moreDetails);
    }

    static FabricError read(int status, HttpHeaders headers, byte[] body) {
        JsonNode json = null;
        try {
            if (body != null && body.length > 0) {
                json = MAPPER.readTree(body);
            }
        } catch (Exception notJson) {
            json = null;
        }
        String headerCode = headers == null ? null : headers.getValue("x-ms-public-api-error-code");
        String headerRequestId = headers == null ? null : headers.getValue("RequestId");
        return fromJson(status, json, headerCode, headerRequestId);
    }

    /** From an ErrorResponse JSON object (e.g. an operation's {@code error}), with header fallbacks. */
    public static FabricError fromJson(int status, JsonNode json, String headerCode, String headerRequestId) {
        if (json != null && json.path("error").isObject() && !json.has("errorCode")) {
            return fromPowerBi(status, json.get("error"), headerCode, headerRequestId);
        }
        String code = text(json, "errorCode");
        if (code == null) {
            code = headerCode != null ? headerCode : status == 0 ? "Unknown" : "HttpStatus" + status;
        }
        String message = text(json, "message");
        if (message == null) {
            message = "Fabric answered HTTP " + status + " without an error message";
        }
        String requestId = text(json, "requestId");
        if (requestId == null) {
            requestId = headerRequestId;
        }
        Boolean retriable = json != null && json.hasNonNull("isRetriable") ? json.get("isRetriable").asBoolean() : null;
        List<FabricException.ErrorDetail> details = new ArrayList<>();
        if (json != null && json.path("moreDetails").isArray()) {
            for (JsonNode d : json.get("moreDetails")) {
                details.add(new FabricException.ErrorDetail(text(d, "errorCode"), text(d, "message"),
                        text(d.path("relatedResource"), "resourceId"), text(d.path("relatedResource"), "resourceType")));
            }
        }
        return new FabricError(status, code, message, requestId, retriable, details);
    }

    /**
     * Power BI's shape (also Azure's): {@code {"error":{"code","message"}}}, some errors with {@code pbi.error} in place of
     * a message. Power BI says nothing of retriability, so the status decides it.
     */
    private static FabricError fromPowerBi(int status, JsonNode error, String headerCode, String headerRequestId) {
        JsonNode pbi = error.path("pbi.error");
        String code = text(error, "code");
        if (code == null) {
            code = text(pbi, "code");
        }
        if (code == null) {
            code = headerCode != null ? headerCode : "HttpStatus" + status;
        }
        String message = text(error, "message");
        if (message == null) {
            message = "Power BI answered HTTP " + status + " with error " + code + " and no message";
        }
        return new FabricError(status, code, message, headerRequestId, null, List.of());
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        return node.get(field).asText();
    }
}
