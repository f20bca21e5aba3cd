package io.weft.gateway.config;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns off HTTP/2 over cleartext (h2c) on the plain HTTP port; HTTP/2 over TLS (ALPN) is unaffected.
 * <p>
 * Why: to upgrade an HTTP/1.1 request that carries {@code Upgrade: h2c}, Vert.x aggregates the whole request
 * body in memory before it switches protocols, bounded only by {@code quarkus.http.limits.max-body-size}, which
 * is gigabytes here because archives are. The JDK's {@code HttpClient} sends that header by default, so a
 * 512 MiB archive posted by it exhausted a 128 MiB heap, while the same upload without the header streamed to
 * disk in 32 MiB. (The other services keep Quarkus's 10 MiB body limit, which bounds that buffer.) Without h2c such a request is answered as plain HTTP/1.1 and its body is streamed like any
 * other. Measured by {@code LargeArchiveIT}.
 */
@ApplicationScoped
public class CleartextHttp2Disabled implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
