package io.weft.fabric.client.http;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.opentelemetry.api.common.Attributes;
import reactor.core.publisher.Mono;

/** Runs once per attempt (inside the SDK's RetryPolicy) and marks every attempt after the first as a span event. */
final class AttemptEventsPolicy implements HttpPipelinePolicy {

    private static final String ATTEMPT_KEY = "weft.fabric.attempt";

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        int attempt = context.getData(ATTEMPT_KEY).map(Integer.class::cast).orElse(0) + 1;
        context.setData(ATTEMPT_KEY, attempt);
        if (attempt > 1) {
            FabricTelemetry.event(context, FabricTelemetry.EVENT_RETRY, Attributes.of(FabricTelemetry.ATTEMPT, (long) attempt));
        }
        return next.processSync();
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.error(new UnsupportedOperationException("The Fabric pipeline is synchronous; use sendSync"));
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}
