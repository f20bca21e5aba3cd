package io.weft.support.tracing;

import io.smallrye.config.ConfigMapping;

import java.net.URI;
import java.util.Optional;

/**
 * Where the services send their traces. Quarkus has no standard key for a Zipkin endpoint (its own exporter speaks
 * OTLP, which Zipkin's server does not accept), so this one key is Weft's; sampling, propagation and the SDK
 * switch stay Quarkus's {@code quarkus.otel.*}.
 */
@ConfigMapping(prefix = "weft.tracing")
public interface TracingConfig {

    /**
     * Zipkin's span intake, e.g. {@code http://127.0.0.1:9411/api/v2/spans} (env {@code WEFT_TRACING_ZIPKIN_ENDPOINT}).
     * Unset: spans are made (the Fabric call metrics read them) but sent nowhere.
     */
    Optional<URI> zipkinEndpoint();
}
