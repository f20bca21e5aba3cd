package io.weft.fabric.client.http;

import java.util.Set;

/** How the client reacts to a failed response, decided on Fabric's errorCode first and the HTTP status second. */
public enum FailureKind {
    /** 429 / RequestBlocked: wait exactly Retry-After, not a failed attempt. */
    THROTTLED,
    /** The display name is held after a delete: retry later. */
    NAME_NOT_AVAILABLE_YET,
    /** 5xx, timeouts, Fabric's {@code isRetriable: true}: retry with backoff; counts towards the circuit breaker. */
    TRANSIENT,
    /** Anything else: fail now. */
    PERMANENT;

    static final Set<String> THROTTLING_CODES = Set.of("RequestBlocked", "TooManyRequests", "TooManyRequestsForJobs");
    static final String NAME_NOT_AVAILABLE_YET_CODE = "ItemDisplayNameNotAvailableYet";
    /** Codes that stay permanent even if a gateway wraps them in a 5xx. */
    static final Set<String> PERMANENT_CODES = Set.of("ItemDisplayNameAlreadyInUse", "WorkspaceNameAlreadyExists",
            "CorruptedPayload", "InvalidItemType", "UnsupportedItemType", "InsufficientPrivileges", "Unauthorized",
            "OperationHasNoResult", "UnsupportedOperationForSchemasEnabledLakehouse");

    public static FailureKind classify(int status, String errorCode, Boolean isRetriable) {
        if (errorCode != null) {
            if (THROTTLING_CODES.contains(errorCode)) {
                return THROTTLED;
            }
            if (NAME_NOT_AVAILABLE_YET_CODE.equals(errorCode)) {
                return NAME_NOT_AVAILABLE_YET;
            }
            if (PERMANENT_CODES.contains(errorCode)) {
                return PERMANENT;
            }
        }
        if (status == 429) {
            return THROTTLED;
        }
        if (Boolean.FALSE.equals(isRetriable)) {
            return PERMANENT;
        }
        if (status >= 500 || status == 408 || Boolean.TRUE.equals(isRetriable)) {
            return TRANSIENT;
        }
        return PERMANENT;
    }
}
