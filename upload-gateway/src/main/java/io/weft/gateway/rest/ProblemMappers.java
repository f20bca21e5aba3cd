package io.weft.gateway.rest;

import io.weft.contracts.ContractCodec;
import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.idempotency.IdempotencyKeyReusedException;
import io.weft.gateway.service.BodyTooLargeException;
import io.weft.gateway.service.BrokerUnavailableException;
import io.weft.gateway.service.MalformedBodyException;
import io.weft.gateway.service.StagingUnavailableException;
import io.weft.gateway.service.ValidationFailedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Every refusal of the gateway as {@code application/problem+json} (RFC 9457). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final GatewayConfig config;

    public ProblemMappers(GatewayConfig config) {
        this.config = config;
    }

    /** No token, or a token that failed validation: 401 with the Bearer challenge (RFC 6750). */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(new ProblemDetail(ProblemType.UNAUTHORIZED.uri(), "Authentication is required", 401,
                        "send an Entra ID access token for Weft's API as Authorization: Bearer", uri.getPath(), null)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** A valid token whose principal may not do this. */
    /** A request for a workspace outside the caller's scope. */
    @ServerExceptionMapper
    public Response outOfScope(io.weft.support.security.OutOfScopeException e, UriInfo uri) {
        return problem(new ProblemDetail(ProblemType.FORBIDDEN.uri(), "Not allowed", 403, e.getMessage(), uri.getPath(), null));
    }

    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return problem(new ProblemDetail(ProblemType.FORBIDDEN.uri(), "Not allowed", 403,
                "the caller's roles do not allow this operation", uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response validationFailed(ValidationFailedException e, UriInfo uri) {
        int count = e.problems().size();
        return problem(new ProblemDetail(ProblemType.VALIDATION_FAILED.uri(), e.title(), 422,
                count + (count == 1 ? " problem" : " problems") + " found; see errors", uri.getPath(), e.problems()));
    }

    /** A chunked body that grew above the limit while it was read (a declared one is refused by BodyTooLargeFilter). */
    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e, UriInfo uri) {
        return Response.fromResponse(problem(new ProblemDetail(ProblemType.BODY_TOO_LARGE.uri(), "Request body too large", 413,
                        "The request body, sent without a Content-Length, grew above what this gateway accepts: at most "
                                + e.limit() + " bytes (quarkus.http.limits.max-body-size).", uri.getPath(), null)))
                // The rest of the body will not be read: close the connection rather than leave it to be drained.
                .header("Connection", "close")
                .build();
    }

    @ServerExceptionMapper
    public Response malformedBody(MalformedBodyException e, UriInfo uri) {
        return problem(new ProblemDetail(ProblemType.VALIDATION_FAILED.uri(), "The request body is not a readable form", 400,
                e.getMessage(), uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotencyKeyReusedException e, UriInfo uri) {
        return problem(new ProblemDetail(ProblemType.IDEMPOTENCY_KEY_REUSED.uri(),
                "The Idempotency-Key belongs to another request", 422, e.getMessage(), uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response brokerUnavailable(BrokerUnavailableException e, UriInfo uri) {
        LOG.warnf("Refused a request: %s", e.getMessage());
        return unavailable(ProblemType.BROKER_UNAVAILABLE, "Kafka is unavailable",
                "the job could not be queued and nothing was kept; retry later", uri);
    }

    @ServerExceptionMapper
    public Response stagingUnavailable(StagingUnavailableException e, UriInfo uri) {
        LOG.errorf(e, "Refused a request: %s", e.getMessage());
        return unavailable(ProblemType.STAGING_UNAVAILABLE, "The staging store is unavailable",
                "the upload could not be stored; retry later", uri);
    }

    @ServerExceptionMapper
    public Response badKey(InvalidIdempotencyKeyException e, UriInfo uri) {
        return problem(new ProblemDetail(ProblemType.VALIDATION_FAILED.uri(), "The request is not valid", 400,
                e.getMessage(), uri.getPath(), List.of(e.problem())));
    }

    private Response unavailable(ProblemType type, String title, String detail, UriInfo uri) {
        return Response.fromResponse(problem(new ProblemDetail(type.uri(), title, 503, detail,
                        uri.getPath(), null)))
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, config.retryAfter().toSeconds()))
                .build();
    }

    static Response problem(ProblemDetail problem) {
        try {
            return Response.status(problem.status())
                    .type(ProblemDetail.MEDIA_TYPE)
                    .entity(ContractCodec.get().mapper().writeValueAsString(problem))
                    .build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
