package io.weft.tracker.rest;

import io.weft.support.rest.ProblemKind;
import io.weft.tracker.service.JobAlreadyCompletedException;
import io.weft.tracker.service.JobNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as problem+json, typed by {@link ProblemType}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** No token, or a token that failed validation: 401 with the Bearer challenge (RFC 6750). */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(401, ProblemType.UNAUTHORIZED.uri(), "Authentication is required",
                        "send an Entra ID access token for Weft's API as Authorization: Bearer", uri))
                .header(jakarta.ws.rs.core.HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** A valid token whose principal may not do this. */
    /** A job outside the caller's workspace scope. */
    @ServerExceptionMapper
    public Response outOfScope(io.weft.support.security.OutOfScopeException e, UriInfo uri) {
        return problem(403, ProblemType.FORBIDDEN.uri(), "Not allowed", e.getMessage(), uri);
    }

    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return problem(403, ProblemType.FORBIDDEN.uri(), "Not allowed", "the caller's roles do not allow this operation", uri);
    }

    @ServerExceptionMapper
    public Response notFound(JobNotFoundException e, UriInfo uri) {
        return problem(404, ProblemType.JOB_NOT_FOUND.uri(), "Job not found", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response completed(JobAlreadyCompletedException e, UriInfo uri) {
        return problem(409, ProblemType.JOB_COMPLETED.uri(), "Job already completed", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e, UriInfo uri) {
        return problem(400, ProblemType.BAD_REQUEST.uri(), "Bad request", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return problem(status, ProblemKind.ABOUT_BLANK, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "Request %s failed", uri.getPath());
        return problem(500, ProblemType.INTERNAL_ERROR.uri(), "Internal error",
                "the tracker could not answer; the failure is in its log", uri);
    }

    static Response problem(int status, String type, String title, String detail, UriInfo uri) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri.getPath()))
                .build();
    }
}
