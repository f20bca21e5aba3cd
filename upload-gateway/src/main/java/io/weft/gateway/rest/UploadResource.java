package io.weft.gateway.rest;

import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.service.UploadService;
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
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Scenario uploads. The HTTP layer streams the archive part to a file under
 * {@code quarkus.http.body.uploads-directory} (never into memory); a tar or tar.gz is then read once, staged and
 * hashed while inspected (a zip is inspected, then staged), and the file is removed when the request ends.
 */
@Path("/api/v1/uploads")
@RolesAllowed({WeftRoles.SUBMIT, WeftRoles.ADMIN})
@Tag(name = "uploads", description = "Scenario archives that become graph-scenario provisioning jobs")
public class UploadResource {

    private final UploadService uploads;
    private final GatewayConfig config;

    public UploadResource(UploadService uploads, GatewayConfig config) {
        this.uploads = uploads;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
    @Operation(summary = "Upload a scenario archive",
            description = "A .tar, .tar.gz/.tgz or .zip archive with an entities/ folder of CSV files. Answers 202 once"
                    + " the provisioning command is acknowledged by Kafka.")
    @APIResponse(responseCode = "202", description = "Accepted: the job id, its status URL (also in Location) and the manifest")
    @APIResponse(responseCode = "400", description = "Malformed Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields or archive: every problem, each naming the entry and rule")
    @APIResponse(responseCode = "503", description = "Kafka or the staging store is unavailable; see Retry-After")
    public Response upload(
            @RestForm("archive") @Parameter(description = "The scenario archive") FileUpload archive,
            @RestForm @Parameter(description = "Scenario name: ^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$") String scenarioName,
            @RestForm @Parameter(description = "Fabric workspace, GUID or display name") String workspace,
            @RestForm @Parameter(description = "Lakehouse name; default <scenario>_lakehouse") String lakehouseName,
            @RestForm @Parameter(description = "Ontology name; default <scenario>_ontology") String ontologyName,
            @RestHeader("Idempotency-Key") @Parameter(description = "Makes retries safe: same key and request, same job")
            String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        var upload = new UploadService.Upload(archive == null ? null : archive.uploadedFile(),
                archive == null ? null : archive.fileName(), scenarioName, workspace, lakehouseName, ontologyName);
        return Accepted.of(uploads.accept(upload, key));
    }
}
