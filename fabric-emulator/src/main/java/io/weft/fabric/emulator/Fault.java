package io.weft.fabric.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One injected fault, as POSTed to {@code /_emulator/faults} or passed to {@link EmulatorAdmin#addFault(Fault)}.
 * Unset fields are null. {@code method} and {@code pathPattern} (a regex matched against the request path, e.g.
 * {@code /v1/workspaces/.*}) narrow which requests a request-level fault hits; {@code count} limits how many it
 * hits (null = until cleared).
 *
 * @param kind              {@code throttle}, {@code serverError}, {@code latency}, {@code operationFailure},
 *                          {@code slowOperation} or {@code nameHeld}
 * @param count             how many requests/operations it hits before it disappears; null for no limit (except
 *                          operationFailure, where null means 1)
 * @param method            only requests with this HTTP method
 * @param pathPattern       only requests whose path matches this regex
 * @param ratePerSecond     throttle only once more than this many matching requests arrive within one second
 * @param retryAfterSeconds Retry-After of a throttle (default 1)
 * @param status            HTTP status of a serverError (default 503) or nameHeld (default 409)
 * @param errorCode         errorCode of a serverError or operationFailure
 * @param message           message of a serverError or operationFailure
 * @param delayMillis       latency added, slow operation duration, or how long a deleted name stays held
 * @param operationKind     only operations of this kind: CreateItem, GetDefinition, UpdateDefinition, LoadTable
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(String kind, Integer count, String method, String pathPattern, Integer ratePerSecond, Integer retryAfterSeconds,
        Integer status, String errorCode, String message, Long delayMillis, String operationKind) {

    public static final String THROTTLE = "throttle";
    public static final String SERVER_ERROR = "serverError";
    public static final String LATENCY = "latency";
    public static final String OPERATION_FAILURE = "operationFailure";
    public static final String SLOW_OPERATION = "slowOperation";
    public static final String NAME_HELD = "nameHeld";

    /** 429 RequestBlocked with Retry-After for the next {@code count} requests. */
    public static Fault throttle(int count, int retryAfterSeconds) {
        return new Fault(THROTTLE, count, null, null, null, retryAfterSeconds, null, null, null, null, null);
    }

    /** 429 RequestBlocked for every request above {@code ratePerSecond} per second. */
    public static Fault throttleAboveRate(int ratePerSecond, int retryAfterSeconds) {
        return new Fault(THROTTLE, null, null, null, ratePerSecond, retryAfterSeconds, null, null, null, null, null);
    }

    /** A burst of {@code count} responses with this 5xx status. */
    public static Fault serverErrors(int count, int status) {
        return new Fault(SERVER_ERROR, count, null, null, null, null, status, null, null, null, null);
    }

    /** Adds {@code delayMillis} before every matching response. */
    public static Fault latency(long delayMillis) {
        return new Fault(LATENCY, null, null, null, null, null, null, null, null, delayMillis, null);
    }

    /** The next operation (of {@code operationKind}, or any when null) fails with this error. */
    public static Fault operationFailure(String operationKind, String errorCode, String message) {
        return new Fault(OPERATION_FAILURE, 1, null, null, null, null, null, errorCode, message, null, operationKind);
    }

    /** Operations (of {@code operationKind}, or any when null) take {@code durationMillis} instead of the default. */
    public static Fault slowOperations(String operationKind, long durationMillis) {
        return new Fault(SLOW_OPERATION, null, null, null, null, null, null, null, null, durationMillis, operationKind);
    }

    /** Display names of deleted items stay unavailable for {@code holdMillis} (ItemDisplayNameNotAvailableYet). */
    public static Fault nameHeld(long holdMillis, int status) {
        return new Fault(NAME_HELD, null, null, null, null, null, status, null, null, holdMillis, null);
    }

    /** The same fault, limited to requests with this method and a path matching this regex (either may be null). */
    public Fault matching(String method, String pathPattern) {
        return new Fault(kind, count, method, pathPattern, ratePerSecond, retryAfterSeconds, status, errorCode, message, delayMillis, operationKind);
    }

    /** The same fault, hitting {@code count} requests or operations. */
    public Fault times(Integer count) {
        return new Fault(kind, count, method, pathPattern, ratePerSecond, retryAfterSeconds, status, errorCode, message, delayMillis, operationKind);
    }
}
