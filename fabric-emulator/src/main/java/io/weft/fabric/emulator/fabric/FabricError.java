package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

/** A Fabric error: HTTP status plus the body of the official ErrorResponse. */
public class FabricError extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final ArrayNode moreDetails;
    private final Boolean retriable;

    public FabricError(int status, String errorCode, String message) {
        this(status, errorCode, message, null, null);
    }

    public FabricError(int status, String errorCode, String message, ArrayNode moreDetails, Boolean retriable) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.moreDetails = moreDetails;
        this.retriable = retriable;
    }

    /** 400 BadRequest with one RequestBodyValidationFailed detail, as the service answers invalid bodies. */
    public static FabricError badRequest(String detail) {
        ArrayNode details = HttpCall.JSON.createArrayNode();
        details.addObject().put("errorCode", "RequestBodyValidationFailed").put("message", detail);
        return new FabricError(400, "BadRequest", "The request could not be processed due to missing or invalid information", details, false);
    }

    public static FabricError workspaceNotFound() {
        return new FabricError(404, "WorkspaceNotFound", "The requested workspace was not found");
    }

    public static FabricError itemNotFound() {
        return new FabricError(404, "ItemNotFound", "The requested item was not found");
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** The ErrorResponse body. */
    public ObjectNode body(String requestId) {
        ObjectNode body = HttpCall.JSON.createObjectNode();
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        body.put("errorCode", errorCode);
        body.put("message", getMessage());
        if (moreDetails != null) {
            body.set("moreDetails", moreDetails);
        }
        if (retriable != null) {
            body.put("isRetriable", retriable);
        }
        return body;
    }
}
