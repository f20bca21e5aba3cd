package io.weft.gateway.rest;

import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.service.RefreshService;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/** Semantic model refreshes through the Power BI REST API, as tracked jobs. */
@Path("/api/v1/refreshes")
@RolesAllowed({WeftRoles.SUBMIT, WeftRoles.ADMIN})
@Tag(name = "refreshes", description = "Semantic model refreshes that become tracked jobs")
public class RefreshResource {

    private final RefreshService refreshes;
    private final GatewayConfig config;

    public RefreshResource(RefreshService refreshes, GatewayConfig config) {
        this.refreshes = refreshes;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Refresh a semantic model",
            description = "The model by GUID or display name; an enhanced refresh (type, commitMode, maxParallelism, retryCount,"
                    + " tables/partitions, timeout) unless refresh.standard is true, and an optional budget after which the"
                    + " refresh is cancelled and the job ends TIMED_OUT. A refresh already running for the model is waited for.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id and its status URL (also in Location)")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields, every one listed (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka is unavailable; see Retry-After")
    public Response refresh(RefreshModelRequest request, @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        RefreshModelRequest body = request == null ? new RefreshModelRequest(null, null, null, null) : request;
        return Accepted.of(refreshes.accept(body, key));
    }
}
