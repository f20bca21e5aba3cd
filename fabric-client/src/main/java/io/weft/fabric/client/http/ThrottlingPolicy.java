package io.weft.fabric.client.http;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.opentelemetry.api.common.Attributes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.config.FabricSettings;
import org.jboss.logging.Logger;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Outermost policy: a throttled response (429 / {@code RequestBlocked}) waits exactly Retry-After and is sent again,
 * without counting as a failed attempt, within the throttling budget; {@code ItemDisplayNameNotAvailableYet} is
 * sent again after the configured delay within its own budget. The SDK's RetryPolicy inside handles 5xx.
 */
final class ThrottlingPolicy implements HttpPipelinePolicy {

    private static final Logger LOG = Logger.getLogger(ThrottlingPolicy.class);

    private final FabricSettings.Throttling throttling;
    private final FabricSettings.Retry retry;
    private final Sleeper sleeper;

    ThrottlingPolicy(FabricSettings.Throttling throttling, FabricSettings.Retry retry, Sleeper sleeper) {
        this.throttling = throttling;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        long start = sleeper.nanoTime();
        long throttledDeadline = start + throttling.budget().toNanos();
        long nameDeadline = start + retry.nameNotAvailableBudget().toNanos();
        while (true) {
            HttpResponse response = next.clone().processSync();
            if (response.getStatusCode() < 400) {
                return response;
            }
            BufferedResponse buffered = BufferedResponse.of(response);
            FabricError error = FabricError.read(buffered.getStatusCode(), buffered.getHeaders(), buffered.bytes());
            Duration wait;
            String event;
            String purpose;
            long deadline;
            switch (error.kind()) {
                case THROTTLED -> {
                    wait = RetryAfter.from(buffered.getHeaders()).orElse(throttling.defaultRetryAfter());
                    event = FabricTelemetry.EVENT_THROTTLED;
                    purpose = Sleeper.THROTTLED;
                    deadline = throttledDeadline;
                }
                case NAME_NOT_AVAILABLE_YET -> {
                    wait = RetryAfter.from(buffered.getHeaders()).orElse(retry.nameNotAvailableDelay());
                    event = FabricTelemetry.EVENT_NAME_NOT_AVAILABLE;
                    purpose = Sleeper.NAME_NOT_AVAILABLE;
                    deadline = nameDeadline;
                }
                default -> {
                    return buffered;
                }
            }
            if (sleeper.nanoTime() + wait.toNanos() > deadline) {
                // Out of budget: hand the last answer back; the caller turns it into a FabricException.
                return buffered;
            }
            FabricTelemetry.event(context, event, Attributes.of(FabricTelemetry.WAIT_MS, wait.toMillis(),
                    FabricTelemetry.ERROR_CODE, error.errorCode()));
            LOG.debugf("Fabric %s %s: %s, waiting %d ms", context.getHttpRequest().getHttpMethod(),
                    context.getHttpRequest().getUrl().getPath(), error.errorCode(), wait.toMillis());
            try {
                sleeper.sleep(wait, purpose);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FabricException("Interrupted", "Interrupted while waiting on Fabric throttling", error.requestId(),
                        0, true, null, e);
            }
        }
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.error(new UnsupportedOperationException("The Fabric pipeline is synchronous; use sendSync"));
    }
}
