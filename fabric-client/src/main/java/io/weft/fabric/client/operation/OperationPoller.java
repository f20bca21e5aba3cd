package io.weft.fabric.client.operation;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricError;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricResponse;
import io.weft.fabric.client.http.FabricTelemetry;
import io.weft.fabric.client.http.RetryAfter;
import io.weft.fabric.client.http.Sleeper;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs Fabric's long-running operation protocol: a 200/201 answer is the result; a 202 is followed through
 * {@code Location} (only to an allowed host) or {@code /operations/{x-ms-operation-id}}, waiting exactly what
 * {@code Retry-After} says, else exponential backoff with jitter ({@code initial-delay} to {@code max-delay}),
 * within a total time budget (never an attempt count), measured on the {@link Sleeper}'s clock. Relative
 * {@code Location}s resolve against the URL of the answer that named them, then go through the host allow-list.
 * {@code Succeeded} fetches {@code /result} ({@code OperationHasNoResult} means "no body"); {@code Failed} or
 * {@code Cancelled} becomes a {@link FabricException} with Fabric's errorCode, message, requestId and moreDetails;
 * every other state ({@code NotStarted}, {@code Running}, {@code Undefined}, one the spec adds later) is polled on
 * within the budget and reported as sent.
 */
public final class OperationPoller {

    private static final Logger LOG = Logger.getLogger(OperationPoller.class);
    private static final Set<String> SUCCEEDED = Set.of("Succeeded", "Completed");
    private static final Set<String> FAILED = Set.of("Failed", "Cancelled", "Canceled");
    /** States that mean "not finished yet". Undefined and any state the spec adds later are polled on too, and logged. */
    private static final Set<String> PENDING = Set.of("NotStarted", "Running");
    private static final String OPERATION_TEMPLATE = "/operations/{operationId}";
    private static final String RESULT_TEMPLATE = "/operations/{operationId}/result";
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("fabric.operation.status");
    private static final AttributeKey<Long> PERCENT = AttributeKey.longKey("fabric.operation.percent_complete");

    private final FabricHttp http;
    private final Sleeper sleeper;

    public OperationPoller(FabricHttp http, Sleeper sleeper) {
        this.http = http;
        this.sleeper = sleeper;
    }

    /**
     * Sends {@code call} and, if Fabric accepted it as a long-running operation, waits for it.
     *
     * @return the final body (the 200/201 answer or the operation's result), or empty when there is none
     */
    public Optional<FabricResponse> execute(FabricCall call, ProgressListener listener) {
        FabricResponse first = http.send(call);
        if (first.status() != 202) {
            return first.hasBody() ? Optional.of(first) : Optional.empty();
        }
        return await(first, call.pathTemplate(), listener == null ? ProgressListener.NONE : listener);
    }

    /** Waits for the operation a 202 answer started. */
    public Optional<FabricResponse> await(FabricResponse accepted, String pathTemplate, ProgressListener listener) {
        OperationRef operation = operationOf(accepted);
        return await(operation, serverWait(accepted), accepted.requestId(), pathTemplate, listener);
    }

    /**
     * Where the operation a 202 answer started can be polled: what a job records before its first poll, so that a
     * redelivered command re-attaches ({@link #await(OperationRef, Duration, String, ProgressListener)}) instead of starting the work again.
     */
    public OperationRef operationOf(FabricResponse accepted) {
        String operationId = accepted.header("x-ms-operation-id").orElse(null);
        URI stateUrl = stateUrl(accepted, operationId);
        return new OperationRef(operationId != null ? operationId : lastSegment(stateUrl), stateUrl);
    }

    /**
     * Waits for an operation accepted earlier: by this delivery ({@code firstWait} = the answer's Retry-After, see
     * {@link #serverWait}) or by a previous delivery of the same command ({@code firstWait} zero: poll at once). Its
     * {@code stateUrl} goes through the host allow-list again, as it may come from a checkpoint file, not Fabric.
     *
     * @param firstWait the wait before the first poll; null for the backoff's first step
     */
    public Optional<FabricResponse> await(OperationRef operation, java.time.Duration firstWait, String pathTemplate,
            ProgressListener listener) {
        if (!http.allowList().allows(operation.stateUrl())) {
            throw new FabricException(ClientErrorCodes.UNTRUSTED_HOST, "Recorded operation URL points to host '"
                    + operation.stateUrl().getHost() + "', which is not an allowed Fabric host (weft.fabric.allowed-hosts)",
                    null, 0, false, null);
        }
        return await(operation, Optional.ofNullable(firstWait), null, pathTemplate,
                listener == null ? ProgressListener.NONE : listener);
    }

    private Optional<FabricResponse> await(OperationRef operation, Optional<Duration> serverWait, String requestId,
            String pathTemplate, ProgressListener listener) {
        FabricSettings.Operations budget = http.settings().operations();
        String operationId = operation.operationId();
        URI stateUrl = operation.stateUrl();
        Span span = http.telemetry().startOperationWait(operationId, pathTemplate);
        try {
            long deadline = sleeper.nanoTime() + budget.budget().toNanos();
            int backoffStep = 0;
            Duration wait = serverWait.orElseGet(() -> backoff(budget, 0));
            if (serverWait.isEmpty()) {
                backoffStep++;
            }
            OperationState state = null;
            while (true) {
                if (sleeper.nanoTime() + wait.toNanos() > deadline) {
                    throw timedOut(operationId, pathTemplate, budget.budget(), state, requestId);
                }
                sleep(wait, operationId);
                FabricResponse poll = http.send(FabricCall.absolute(OPERATION_TEMPLATE, stateUrl));
                state = http.parse(poll, OperationState.class);
                String status = state.status() == null || state.status().isBlank() ? "Undefined" : state.status();
                if (!PENDING.contains(status) && !SUCCEEDED.contains(status) && !FAILED.contains(status)) {
                    // The spec lists Undefined and warns that more states may come: neither is an outcome, so wait on.
                    LOG.infof("Fabric operation %s (%s) reports state '%s'; polling on within its %s budget", operationId,
                            pathTemplate, status, budget.budget());
                }
                listener.onProgress(new OperationProgress(operationId, status, state.percentComplete()));
                span.addEvent(FabricTelemetry.EVENT_POLL, Attributes.of(STATUS, status, PERCENT,
                        state.percentComplete() == null ? -1L : state.percentComplete().longValue()));
                if (SUCCEEDED.contains(status)) {
                    return result(poll, operationId);
                }
                if (FAILED.contains(status)) {
                    throw failed(operationId, status, state, poll);
                }
                serverWait = serverWait(poll);
                if (serverWait.isPresent()) {
                    wait = serverWait.get();
                } else {
                    wait = backoff(budget, backoffStep++);
                }
            }
        } catch (FabricException e) {
            span.setAttribute(FabricTelemetry.ERROR_CODE, e.errorCode());
            span.setStatus(StatusCode.ERROR, e.errorCode());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Retry-After as sent; a zero or negative value would mean a busy loop, so it counts as absent (backoff). */
    public static Optional<Duration> serverWait(FabricResponse response) {
        return RetryAfter.from(response.headers()).filter(d -> !d.isZero() && !d.isNegative());
    }

    private URI stateUrl(FabricResponse accepted, String operationId) {
        Optional<String> location = accepted.header("Location");
        if (location.isPresent() && !location.get().isBlank()) {
            return trusted(accepted, location.get());
        }
        if (operationId == null) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE,
                    "Fabric answered 202 without Location or x-ms-operation-id", accepted.requestId(), 202, false, null);
        }
        return FabricCall.get(OPERATION_TEMPLATE, operationId).resolve(http.settings().apiUrl());
    }

    /** A Location resolved against the answer that carried it, followed only to an allowed host. */
    private URI trusted(FabricResponse answer, String location) {
        URI uri = answer.resolve(location);
        if (!http.allowList().allows(uri)) {
            throw new FabricException(ClientErrorCodes.UNTRUSTED_HOST, "Operation Location points to host '" + uri.getHost()
                    + "', which is not an allowed Fabric host (weft.fabric.allowed-hosts); not following it, no token sent",
                    answer.requestId(), answer.status(), false, null);
        }
        return uri;
    }

    private Optional<FabricResponse> result(FabricResponse poll, String operationId) {
        URI resultUrl = poll.header("Location").filter(l -> l.trim().endsWith("/result")).map(l -> trusted(poll, l))
                .orElseGet(() -> URI.create(poll.url().toString().replaceAll("/+$", "") + "/result"));
        try {
            FabricResponse result = http.send(FabricCall.absolute(RESULT_TEMPLATE, resultUrl));
            return result.hasBody() ? Optional.of(result) : Optional.empty();
        } catch (FabricException e) {
            if ("OperationHasNoResult".equals(e.errorCode())) {
                LOG.debugf("Operation %s succeeded without a result", operationId);
                return Optional.empty();
            }
            throw e;
        }
    }

    private static FabricException failed(String operationId, String status, OperationState state, FabricResponse poll) {
        if (state.error() != null && !state.error().isNull()) {
            FabricError error = FabricError.fromJson(poll.status(), state.error(), null, poll.requestId());
            return new FabricException(error.errorCode(), error.message(), error.requestId(), poll.status(),
                    Boolean.TRUE.equals(error.isRetriable()), error.moreDetails());
        }
        return new FabricException("Operation" + status, "Fabric operation " + operationId + " ended " + status
                + " without error details", poll.requestId(), poll.status(), false, null);
    }

    private static FabricException timedOut(String operationId, String pathTemplate, Duration budget, OperationState last,
            String requestId) {
        String lastSeen = last == null ? "not polled yet"
                : "last status " + last.status() + (last.percentComplete() == null ? "" : ", " + last.percentComplete() + "% complete");
        return new FabricException(ClientErrorCodes.OPERATION_TIMED_OUT, "Fabric operation " + operationId + " (" + pathTemplate
                + ") did not finish within its " + budget + " budget (weft.fabric.operations.budget); " + lastSeen
                + "; it may still complete in Fabric", requestId, 0, true, null);
    }

    private static Duration backoff(FabricSettings.Operations budget, int step) {
        double base = budget.initialDelay().toMillis() * Math.pow(2, Math.min(step, 30));
        double jittered = base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(budget.maxDelay().toMillis(), jittered));
    }

    private void sleep(Duration wait, String operationId) {
        if (wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait, Sleeper.POLL + " " + operationId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("Interrupted", "Interrupted while waiting for Fabric operation " + operationId, null, 0,
                    true, null, e);
        }
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
