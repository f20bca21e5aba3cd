package io.weft.fabric.client;

/** Error codes this client raises itself, next to the ones Fabric returns. */
public final class ClientErrorCodes {

    /** A long-running operation did not finish within its time budget. */
    public static final String OPERATION_TIMED_OUT = "OperationTimedOut";
    /** Fabric kept throttling (429) beyond the throttling budget. */
    public static final String THROTTLED_BEYOND_BUDGET = "ThrottledBeyondBudget";
    /** A URL (operation Location, continuationUri) points at a host that is not allowed to receive our token. */
    public static final String UNTRUSTED_HOST = "UntrustedHost";
    /** The circuit breaker for a Fabric host is open after repeated failures. */
    public static final String CIRCUIT_BREAKER_OPEN = "CircuitBreakerOpen";
    /** The call failed without an HTTP response (connection refused, reset, timeout). */
    public static final String CONNECTION_FAILED = "ConnectionFailed";
    /** Fabric answered with something this client could not interpret. */
    public static final String UNEXPECTED_RESPONSE = "UnexpectedResponse";
    /** A lookup by name or id found nothing. */
    public static final String NOT_FOUND = "NotFound";
    /** A OneLake (DFS) call failed; the storage error code follows in the message. */
    public static final String ONELAKE_FAILED = "OneLakeFailed";

    private ClientErrorCodes() {
    }
}
