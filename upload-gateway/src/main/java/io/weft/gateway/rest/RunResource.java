package io.weft.gateway.rest;

import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.service.RunService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/** On-demand runs of Data Pipelines, notebooks and Spark job definitions, as tracked jobs. */
@Path("/api/v1/runs")
@RolesAllowed({WeftRoles.SUBMIT, WeftRoles.ADMIN})
@Tag(name = "runs", description = "Item job runs (pipelines, notebooks, Spark job definitions) that become tracked jobs")
public class RunResource {

    private final RunService runs;
    private final GatewayConfig config;

    public RunResource(RunService runs, GatewayConfig config) {
        this.runs = runs;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Run an item's job on demand",
            description = "The item by GUID or by display name and type; parameters typed as Fabric takes them; an optional"
                    + " overall budget after which the Fabric run is cancelled and the job ends TIMED_OUT.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id and its status URL (also in Location)")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields or parameters, every one listed (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka is unavailable; see Retry-After")
    public Response run(RunRequest request, @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        RunRequest body = request == null ? new RunRequest(null, null, null, null, null, null, null) : request;
        return Accepted.of(runs.accept(body, key));
    }
}
