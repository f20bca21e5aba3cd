package io.weft.gateway.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Answers a request whose declared {@code Content-Length} is above {@code quarkus.http.limits.max-body-size} with
 * a {@code 413} problem naming the limit, before any byte of the body is read. Quarkus's own check (which also
 * covers chunked bodies) answers with an empty {@code 413}; this one only makes the common case explain itself.
 */
@ApplicationScoped
public class BodyTooLargeFilter {

    /** Ahead of Quarkus's body handler. */
    private static final int ORDER = -1_000;

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        router.route().order(ORDER).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length = parse(declared);
            if (length <= limit) {
                context.next();
                return;
            }
            ProblemDetail problem = new ProblemDetail(ProblemType.BODY_TOO_LARGE.uri(), "Request body too large",
                    413, "The request body has " + length + " bytes; this gateway accepts at most " + limit
                            + " (quarkus.http.limits.max-body-size).", context.request().path(), null);
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                    // The body will not be read: close the connection rather than leave it to be drained.
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.encode(problem));
        });
    }

    private static long parse(String contentLength) {
        try {
            return contentLength == null ? -1 : Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1; // malformed: Vert.x's codec refuses it on its own
        }
    }
}
