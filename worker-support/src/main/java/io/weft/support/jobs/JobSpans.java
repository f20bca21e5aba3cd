package io.weft.support.jobs;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.weft.support.tracing.TraceAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One span per job attempt, {@code job <kind>}, with the job id as {@code weft.job.id} ({@link TraceAttributes}), continuing the trace of
 * the command's record (the W3C {@code traceparent} header the sender's SmallRye Kafka tracing wrote). The job runs
 * on the runner's own threads, so without this the Fabric calls of a job would start traces of their own; inside
 * it they, and the job events the worker publishes, belong to the upload's trace.
 */
@ApplicationScoped
public class JobSpans {

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    @Inject
    public JobSpans(Instance<OpenTelemetry> openTelemetry) {
        this.openTelemetry = openTelemetry.isResolvable() ? openTelemetry.get() : OpenTelemetry.noop();
        this.tracer = this.openTelemetry.getTracer("io.weft.worker-support");
    }

    /** Starts the job's span as the current one on this thread; close it when the job ends. */
    public Open open(Message<?> message, String kind, String jobId) {
        Context parent = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> openTelemetry.getPropagators().getTextMapPropagator()
                        .extract(Context.root(), metadata.getHeaders(), KAFKA_HEADERS))
                .orElse(Context.current());
        Span span = tracer.spanBuilder("job " + kind).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(TraceAttributes.JOB_ID, jobId).setAttribute(TraceAttributes.JOB_KIND, kind).startSpan();
        return new Open(span, span.makeCurrent());
    }

    /** The running job's span and its scope on the job's thread. */
    public record Open(Span span, Scope scope) implements AutoCloseable {
        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
