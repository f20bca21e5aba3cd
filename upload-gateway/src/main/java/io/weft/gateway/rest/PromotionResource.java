package io.weft.gateway.rest;

import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.service.PromotionService;
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
import org.jboss.resteasy.reactive.RestQuery;

/** Deployment pipeline stage promotions, as tracked jobs. */
@Path("/api/v1/promotions")
@RolesAllowed({WeftRoles.SUBMIT, WeftRoles.ADMIN})
@Tag(name = "promotions", description = "Deployment pipeline promotions (dev → qa → prod) that become tracked jobs")
public class PromotionResource {

    private final PromotionService promotions;
    private final GatewayConfig config;

    public PromotionResource(PromotionService promotions, GatewayConfig config) {
        this.promotions = promotions;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Promote a deployment pipeline stage",
            description = "Deploys the source stage's items (all, or those listed by itemType and name) to the target stage"
                    + " through Fabric's deployment pipeline, then applies the target environment's parameters and connection"
                    + " bindings. Stages are named by environment (the deployer's environments file), stage name or id."
                    + " With ?plan=true the job only reads Fabric and reports per item create, update (with the definition"
                    + " parts that differ), unchanged or refused.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id and its status URL (also in Location)")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields, every one listed (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka is unavailable; see Retry-After")
    public Response promote(PromotionRequest request, @RestQuery boolean plan, @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        PromotionRequest body = request == null ? new PromotionRequest(null, null, null, null, null) : request;
        return Accepted.of(promotions.accept(body, plan, key));
    }
}
