package io.weft.fabric.client.http;

import com.azure.core.http.HttpPipelineCallContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * One span per Fabric call ({@code Fabric GET /workspaces/{workspaceId}}; OneLake's are {@code OneLake PUT /{workspace}/{path}},
 * from {@link OneLakeTelemetryPolicy}) with method, path template, status,
 * errorCode and Fabric request id; retries and throttling waits become span events. Never a token or a secret.
 */
public final class FabricTelemetry {

    static final String SPAN_KEY = "weft.fabric.span";

    public static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    public static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("fabric.error_code");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("fabric.request_id");
    public static final AttributeKey<String> OPERATION_ID = AttributeKey.stringKey("fabric.operation_id");
    public static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("fabric.wait_ms");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("fabric.attempt");

    public static final String EVENT_THROTTLED = "fabric.throttled";
    public static final String EVENT_RETRY = "fabric.retry";
    public static final String EVENT_NAME_NOT_AVAILABLE = "fabric.name_not_available_yet";
    public static final String EVENT_POLL = "fabric.operation.poll";

    private final Tracer tracer;

    public FabricTelemetry(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.weft.fabric-client");
    }

    public Span startCall(String method, String pathTemplate, String host) {
        return tracer.spanBuilder("Fabric " + method + " " + pathTemplate).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method).setAttribute(URL_TEMPLATE, pathTemplate).setAttribute(SERVER, host)
                .startSpan();
    }

    /** A OneLake DFS request's span, a child of {@code parent} (the job's context, handed over to the SDK's threads). */
    public Span startOneLakeCall(io.opentelemetry.context.Context parent, String method, String pathTemplate, String host) {
        return tracer.spanBuilder("OneLake " + method + " " + pathTemplate).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method).setAttribute(URL_TEMPLATE, pathTemplate).setAttribute(SERVER, host)
                .startSpan();
    }

    public Span startOperationWait(String operationId, String pathTemplate) {
        return tracer.spanBuilder("Fabric operation " + pathTemplate).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION_ID, operationId).setAttribute(URL_TEMPLATE, pathTemplate).startSpan();
    }

    static void recordOutcome(Span span, int status, String requestId, String errorCode) {
        if (status > 0) {
            span.setAttribute(STATUS, (long) status);
        }
        if (requestId != null) {
            span.setAttribute(REQUEST_ID, requestId);
        }
        if (errorCode != null) {
            span.setAttribute(ERROR_CODE, errorCode);
            span.setStatus(StatusCode.ERROR, errorCode);
        }
    }

    static Span spanOf(HttpPipelineCallContext context) {
        return context.getData(SPAN_KEY).filter(Span.class::isInstance).map(Span.class::cast).orElse(Span.getInvalid());
    }

    static void event(HttpPipelineCallContext context, String name, Attributes attributes) {
        spanOf(context).addEvent(name, attributes);
    }
}
