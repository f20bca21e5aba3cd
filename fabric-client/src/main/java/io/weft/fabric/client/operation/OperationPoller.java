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
 * within a total time budget (never an attempt count). On success {@code /result} is fetched
 * ({@code OperationHasNoResult} means "no body"); a Failed operation becomes a {@link FabricException} with
 * Fabric's errorCode, message, requestId and moreDetails.
 */
public final class OperationPoller {

    private static final Logger LOG = Logger.getLogger(OperationPoller.class);
    private static final Set<String> SUCCEEDED = Set.of("Succeeded", "Completed");
    private static final Set<String> FAILED = Set.of("Failed", "Cancelled", "Canceled", "Undefined");
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
        FabricSettings.Operations budget = http.settings().operations();
        String operationId = accepted.header("x-ms-operation-id").orElse(null);
        URI stateUrl = stateUrl(accepted, operationId);
        if (operationId == null) {
            operationId = lastSegment(stateUrl);
        }
        Span span = http.telemetry().startOperationWait(operationId, pathTemplate);
        try {
            long start = System.nanoTime();
            long deadline = start + budget.budget().toNanos();
            int backoffStep = 0;
            Optional<Duration> serverWait = serverWait(accepted);
            Duration wait = serverWait.orElseGet(() -> backoff(budget, 0));
            if (serverWait.isEmpty()) {
                backoffStep++;
            }
            OperationState state = null;
            while (true) {
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw timedOut(operationId, pathTemplate, budget.budget(), state, accepted.requestId());
                }
                sleep(wait, operationId);
                FabricResponse poll = http.send(FabricCall.absolute(OPERATION_TEMPLATE, stateUrl));
                state = http.parse(poll, OperationState.class);
                String status = state.status() == null ? "Undefined" : state.status();
                listener.onProgress(new OperationProgress(operationId, status, state.percentComplete()));
                span.addEvent(FabricTelemetry.EVENT_POLL, Attributes.of(STATUS, status, PERCENT,
                        state.percentComplete() == null ? -1L : state.percentComplete().longValue()));
                if (SUCCEEDED.contains(status)) {
                    return result(poll, stateUrl, operationId);
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
    private static Optional<Duration> serverWait(FabricResponse response) {
        return RetryAfter.from(response.headers()).filter(d -> !d.isZero() && !d.isNegative());
    }

    private URI stateUrl(FabricResponse accepted, String operationId) {
        Optional<String> location = accepted.header("Location");
        if (location.isPresent() && !location.get().isBlank()) {
            URI uri = URI.create(location.get());
            if (!uri.isAbsolute()) {
                uri = http.settings().apiUrl().resolve(uri);
            }
            if (!http.allowList().allows(uri)) {
                throw new FabricException(ClientErrorCodes.UNTRUSTED_HOST, "Operation Location points to host '" + uri.getHost()
                        + "', which is not an allowed Fabric host (weft.fabric.allowed-hosts); not following it, no token sent",
                        accepted.requestId(), accepted.status(), false, null);
            }
            return uri;
        }
        if (operationId == null) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE,
                    "Fabric answered 202 without Location or x-ms-operation-id", accepted.requestId(), 202, false, null);
        }
        return FabricCall.get(OPERATION_TEMPLATE, operationId).resolve(http.settings().apiUrl());
    }

    private Optional<FabricResponse> result(FabricResponse poll, URI stateUrl, String operationId) {
        URI resultUrl = poll.header("Location").filter(l -> l.endsWith("/result")).map(URI::create)
                .orElseGet(() -> URI.create(stateUrl.toString().replaceAll("/+$", "") + "/result"));
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
        try {
            sleeper.sleep(wait);
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
