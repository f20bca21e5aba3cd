package io.weft.gateway.rest;

import io.weft.contracts.command.ProvisionWorkspace.LakehouseSet;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalsFileContent;
import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.service.ValidationFailedException;
import io.weft.gateway.service.WorkspaceService;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/** Workspace provisioning: JSON, or multipart with the principals file. */
@Path("/api/v1/workspaces")
@RolesAllowed({WeftRoles.SUBMIT, WeftRoles.ADMIN})
@Tag(name = "workspaces", description = "Workspaces with capacity, role assignments and lakehouses, rolled back on failure")
public class WorkspaceResource {

    private final WorkspaceService workspaces;
    private final GatewayConfig config;

    public WorkspaceResource(WorkspaceService workspaces, GatewayConfig config) {
        this.workspaces = workspaces;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Provision a workspace",
            description = "Resolve or create the workspace, assign the capacity, add the principals (inline or principalsCsv)"
                    + " and create the lakehouses (default bronze, silver, gold). On failure the job removes what it created"
                    + " unless onFailure is keep.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id and its status URL (also in Location)")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields or principals, every problem listed (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka is unavailable; see Retry-After")
    public Response provisionJson(WorkspaceRequest request,
            @RestQuery @Parameter(description = "true: a dry run that reports what provisioning would change and changes nothing")
            boolean plan,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        WorkspaceRequest body = request == null ? new WorkspaceRequest(null, null, null, null, null, null, null) : request;
        PrincipalsFileContent file = body.principalsCsv() == null ? null : new PrincipalsFileContent("principalsCsv", body.principalsCsv());
        return Accepted.of(workspaces.accept(new WorkspaceService.Request(body.workspace(), body.description(), body.capacity(),
                body.principals(), file, body.lakehouses(), body.onFailure(), plan), key));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Provision a workspace with a principals file",
            description = "The principals file is CSV: principal_id,role,description,type; # comments and blank lines allowed.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id and its status URL (also in Location)")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields or principals file, every problem listed with its line (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka is unavailable; see Retry-After")
    public Response provisionForm(
            @RestForm String workspace,
            @RestForm String description,
            @RestForm @Parameter(description = "Capacity GUID or display name") String capacity,
            @RestForm("principals") @Parameter(description = "The principals file (CSV)") FileUpload principals,
            @RestForm @Parameter(description = "Comma-separated lakehouse names; bronze,silver,gold when absent") String lakehouses,
            @RestForm String lakehousePrefix,
            @RestForm Boolean enableSchemas,
            @RestForm @Parameter(description = "rollback (default) or keep") String onFailure,
            @RestQuery @Parameter(description = "true: a dry run that reports what provisioning would change and changes nothing")
            boolean plan,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        PrincipalsFileContent file = null;
        if (principals != null) {
            try {
                // Bounded: quarkus.http.limits.max-body-size, and the parser's row limit before anything is done with it.
                file = new PrincipalsFileContent(principals.fileName(),
                        Files.readString(principals.uploadedFile(), StandardCharsets.UTF_8));
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new ValidationFailedException("The workspace request is not valid", List.of(Problem.ofEntry(principals.fileName(),
                        WorkspaceService.PRINCIPAL_INVALID, "the principals file is not UTF-8 text")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> names = lakehouses == null || lakehouses.isBlank() ? null
                : Arrays.stream(lakehouses.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
        LakehouseSet set = names == null && lakehousePrefix == null && enableSchemas == null ? null
                : new LakehouseSet(names, lakehousePrefix, enableSchemas);
        return Accepted.of(workspaces.accept(new WorkspaceService.Request(workspace, description, capacity, null, file, set,
                onFailure, plan), key));
    }
}
