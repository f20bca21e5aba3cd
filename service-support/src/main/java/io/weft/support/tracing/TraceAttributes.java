package io.weft.support.tracing;

import io.opentelemetry.api.common.AttributeKey;

/** Span attributes every service uses the same way, so that one search in the trace backend finds a job. */
public final class TraceAttributes {

    /** The job a span works for: the gateway's request span, the worker's job span. */
    public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("weft.job.id");

    /** The job's kind, e.g. {@code graph-scenario}. */
    public static final AttributeKey<String> JOB_KIND = AttributeKey.stringKey("weft.job.kind");

    private TraceAttributes() {
    }
}
