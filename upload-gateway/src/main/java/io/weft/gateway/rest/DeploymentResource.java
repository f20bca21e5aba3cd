package io.weft.gateway.rest;

import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.service.DeploymentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Semantic model deployments: the model folder as a multipart archive, or its files inline as JSON. */
@Path("/api/v1/deployments")
@RolesAllowed({WeftRoles.SUBMIT, WeftRoles.ADMIN})
@Tag(name = "deployments", description = "Semantic model definitions that become deployment jobs")
public class DeploymentResource {

    private final DeploymentService deployments;
    private final GatewayConfig config;

    public DeploymentResource(DeploymentService deployments, GatewayConfig config) {
        this.deployments = deployments;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Deploy a semantic model from an archive of its folder",
            description = "TMDL (definition.pbism, definition/database.tmdl, definition/model.tmdl, definition/tables/*.tmdl)"
                    + " or TMSL (definition.pbism, model.bim). Small definitions travel inline in the command, larger"
                    + " ones as the staged archive.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id, its status URL (also in Location) and the files")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields or definition (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka or the staging store is unavailable; see Retry-After")
    public Response deployArchive(
            @RestForm("archive") @Parameter(description = "The model folder as .tar, .tar.gz/.tgz or .zip") FileUpload archive,
            @RestForm @Parameter(description = "The workspace, GUID or display name; exactly one of workspace and environment")
            String workspace,
            @RestForm @Parameter(description = "An environment of the model-deployer's environments file, instead of workspace")
            String environment,
            @RestForm String modelName,
            @RestForm @Parameter(description = "dev or prod") String mode,
            @RestForm Boolean confirmOverwrite,
            @RestForm @Parameter(description = "TMDL or TMSL; recognised from the files when absent") String format,
            @RestForm @Parameter(description = "Refresh the model after the deployment, as one job: the refresh options as JSON,"
                    + " e.g. {\"type\":\"Full\"}") String refreshAfterDeploy,
            @RestQuery @Parameter(description = "true: a dry run that reports what the deployment would change and changes nothing")
            boolean plan,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        var target = new DeploymentService.Target(workspace, environment, modelName, mode, confirmOverwrite, format, null,
                refreshAfterDeploy, plan);
        return Accepted.of(deployments.acceptArchive(target, archive == null ? null : archive.uploadedFile(),
                archive == null ? null : archive.fileName(), key));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Deploy a semantic model from inline parts",
            description = "The definition's files as base64 parts, up to weft.gateway.deployments.inline-max-size.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id, its status URL (also in Location) and the files")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields or definition (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka is unavailable; see Retry-After")
    public Response deployParts(DeploymentRequest request,
            @RestQuery @Parameter(description = "true: a dry run that reports what the deployment would change and changes nothing")
            boolean plan,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        DeploymentRequest body = request == null ? new DeploymentRequest(null, null, null, null, null, null, null, null) : request;
        var target = new DeploymentService.Target(body.workspace(), body.environment(), body.modelName(), body.mode(), body.confirmOverwrite(),
                body.format(), body.refreshAfterDeploy(), null, plan);
        return Accepted.of(deployments.acceptParts(target, body.parts(), key));
    }
}
