package io.weft.support.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Collection;

/**
 * The services' span exporter: Zipkin's v2 JSON to {@code weft.tracing.zipkin-endpoint}. Quarkus's
 * {@code quarkus.otel.traces.exporter=cdi} (its default) exports through every {@link SpanExporter} bean, batching
 * as {@code quarkus.otel.bsp.*} says.
 */
@ApplicationScoped
public class ZipkinExporterProducer {

    @Produces
    @Singleton
    SpanExporter zipkin(TracingConfig config) {
        return config.zipkinEndpoint()
                .<SpanExporter>map(endpoint -> ZipkinSpanExporter.builder().setEndpoint(endpoint.toString()).build())
                .orElseGet(Discarding::new);
    }

    /** No trace backend configured: spans end here. */
    static final class Discarding implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
