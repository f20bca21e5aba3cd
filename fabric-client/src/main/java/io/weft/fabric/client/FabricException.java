package io.weft.fabric.client;

import java.util.List;

/**
 * A failure reported by Fabric (or by this client on Fabric's behalf), carrying what a user needs to act on it.
 * The message is always {@code [errorCode] message}; secrets and tokens are never part of it.
 */
public class FabricException extends RuntimeException {

    private final String errorCode;
    private final String fabricMessage;
    private final String requestId;
    private final int httpStatus;
    private final boolean retriable;
    private final List<ErrorDetail> moreDetails;

    public FabricException(String errorCode, String message, String requestId, int httpStatus, boolean retriable,
            List<ErrorDetail> moreDetails) {
        this(errorCode, message, requestId, httpStatus, retriable, moreDetails, null);
    }

    public FabricException(String errorCode, String message, String requestId, int httpStatus, boolean retriable,
            List<ErrorDetail> moreDetails, Throwable cause) {
        super("[" + errorCode + "] " + message, cause);
        this.errorCode = errorCode;
        this.fabricMessage = message;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
        this.retriable = retriable;
        this.moreDetails = moreDetails == null ? List.of() : List.copyOf(moreDetails);
    }

    /** Fabric's stable, contractual error code (e.g. {@code ItemDisplayNameAlreadyInUse}), or one of {@link ClientErrorCodes}. */
    public String errorCode() {
        return errorCode;
    }

    /** The human-readable message without the code prefix. */
    public String fabricMessage() {
        return fabricMessage;
    }

    /** Fabric's request id (body or {@code RequestId} header), or null when the call never reached Fabric. */
    public String requestId() {
        return requestId;
    }

    /** HTTP status of the failing response; 0 when there was no response (network error, refused before sending). */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when trying the same thing again later may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** Fabric's {@code moreDetails}, possibly empty. */
    public List<ErrorDetail> moreDetails() {
        return moreDetails;
    }

    /** One entry of Fabric's {@code moreDetails}. */
    public record ErrorDetail(String errorCode, String message, String resourceId, String resourceType) {
    }
}
