package io.weft.fabric.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One injected fault, as POSTed to {@code /_emulator/faults} or passed to {@link EmulatorAdmin#addFault(Fault)}.
 * Unset fields are null. {@code method} and {@code pathPattern} (a regex matched against the request path, e.g.
 * {@code /v1/workspaces/.*}) narrow which requests a request-level fault hits; {@code count} limits how many it
 * hits (null = until cleared).
 *
 * @param kind              {@code throttle}, {@code serverError}, {@code latency}, {@code operationFailure},
 *                          {@code slowOperation}, {@code nameHeld}, {@code pollState}, {@code relativeUrls}, or a
 *                          byte-level break of the response: {@code connectionReset} (a TCP reset after half the
 *                          body) or {@code truncatedBody} (a clean close after half the body, short of Content-Length)
 * @param count             how many requests/operations it hits before it disappears; null for no limit (except
 *                          operationFailure, where null means 1)
 * @param method            only requests with this HTTP method
 * @param pathPattern       only requests whose path matches this regex
 * @param ratePerSecond     throttle only once more than this many matching requests arrive within one second
 * @param retryAfterSeconds Retry-After of a throttle (default 1)
 * @param status            HTTP status of a serverError (default 503) or nameHeld (default 409)
 * @param errorCode         errorCode of a serverError or operationFailure
 * @param message           message of a serverError or operationFailure; the status a pollState reports
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
    public static final String POLL_STATE = "pollState";
    public static final String RELATIVE_URLS = "relativeUrls";
    public static final String CONNECTION_RESET = "connectionReset";
    public static final String TRUNCATED_BODY = "truncatedBody";

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

    /**
     * The next {@code count} polls of an operation report {@code status} (e.g. {@code Undefined}, or a state the spec
     * does not list yet) instead of the real one; the operation itself goes on.
     */
    public static Fault pollState(String status, int count) {
        return new Fault(POLL_STATE, count, "GET", "/v1/operations/[^/]+", null, null, null, null, status, null, null);
    }

    /** Matching responses carry {@code Location} and {@code continuationUri} as relative references ({@code /v1/...}). */
    public static Fault relativeUrls() {
        return new Fault(RELATIVE_URLS, null, null, null, null, null, null, null, null, null, null);
    }

    /** The next {@code count} matching responses die mid-body with a TCP reset. */
    public static Fault connectionReset(int count) {
        return new Fault(CONNECTION_RESET, count, null, null, null, null, null, null, null, null, null);
    }

    /** The next {@code count} matching responses end (a clean close) after half the body their Content-Length announced. */
    public static Fault truncatedBody(int count) {
        return new Fault(TRUNCATED_BODY, count, null, null, null, null, null, null, null, null, null);
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
