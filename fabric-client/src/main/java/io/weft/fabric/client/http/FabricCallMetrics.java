package io.weft.fabric.client.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Fabric call metrics derived from the spans {@link FabricTelemetry} makes, so that one place describes a call:
 * latency by method, operation template, status and Fabric error code; throttling waits and counts; retries.
 * Registered as an OpenTelemetry span processor (Quarkus adds every {@code SpanProcessor} bean to its tracer
 * provider), it sees each Fabric span as it ends, whatever exporter is configured. Names in docs/metrics.md.
 */
public final class FabricCallMetrics implements SpanProcessor {

    public static final String CALLS = "weft.fabric.calls";
    public static final String THROTTLED = "weft.fabric.throttled";
    public static final String THROTTLE_WAIT = "weft.fabric.throttle.wait";
    public static final String RETRIES = "weft.fabric.retries";

    /** The instrumentation scope of the client's tracer (see {@link FabricTelemetry}). */
    static final String SCOPE = "io.weft.fabric-client";

    private final MeterRegistry registry;

    public FabricCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
            return;
        }
        SpanData data = span.toSpanData();
        String method = data.getAttributes().get(FabricTelemetry.METHOD);
        String template = Objects.requireNonNullElse(data.getAttributes().get(FabricTelemetry.URL_TEMPLATE), "unknown");
        if (method != null) {
            Long status = data.getAttributes().get(FabricTelemetry.STATUS);
            Timer.builder(CALLS).description("Fabric calls, retries and throttling waits included, by operation template")
                    .tag("method", method).tag("operation", template)
                    .tag("status", status == null ? "none" : Long.toString(status))
                    .tag("error_code", Objects.requireNonNullElse(data.getAttributes().get(FabricTelemetry.ERROR_CODE), "none"))
                    .publishPercentileHistogram().register(registry)
                    .record(data.getEndEpochNanos() - data.getStartEpochNanos(), TimeUnit.NANOSECONDS);
        }
        for (EventData event : data.getEvents()) {
            String reason = switch (event.getName()) {
                case FabricTelemetry.EVENT_THROTTLED -> "throttled";
                case FabricTelemetry.EVENT_NAME_NOT_AVAILABLE -> "name-not-available";
                default -> null;
            };
            if (reason != null) {
                Counter.builder(THROTTLED).description("Fabric answers that made the client wait (429, name not yet free)")
                        .tag("operation", template).tag("reason", reason).register(registry).increment();
                Long waitMs = event.getAttributes().get(FabricTelemetry.WAIT_MS);
                DistributionSummary.builder(THROTTLE_WAIT).description("Time the client waited before retrying, as Fabric asked")
                        .baseUnit("seconds").tag("operation", template).tag("reason", reason).register(registry)
                        .record(waitMs == null ? 0 : waitMs / 1000.0);
            } else if (FabricTelemetry.EVENT_RETRY.equals(event.getName())) {
                Counter.builder(RETRIES).description("Fabric calls retried after a transient failure")
                        .tag("operation", template).register(registry).increment();
            }
        }
    }
}
