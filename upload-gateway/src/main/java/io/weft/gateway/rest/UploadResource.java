package io.weft.gateway.rest;

import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.service.UploadService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestHeader;

import java.io.InputStream;

/**
 * Scenario uploads. The body is not parsed by the HTTP layer (which would write the archive to a file first): the
 * resource takes it as a stream and {@link UploadService} reads the form as it arrives, so that a tar or tar.gz is
 * received, staged, hashed and inspected in one pass (a zip is spooled to
 * {@code quarkus.http.body.uploads-directory}, inspected, then staged).
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
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    public Response upload(
            @Parameter(hidden = true) InputStream body,
            @RestHeader(HttpHeaders.CONTENT_TYPE) @Parameter(hidden = true) String contentType,
            @RestHeader(HttpHeaders.CONTENT_LENGTH) @Parameter(hidden = true) Long contentLength,
            @RestHeader("Idempotency-Key") @Parameter(description = "Makes retries safe: same key and request, same job")
            String idempotencyKey) {
        var key = InvalidIdempotencyKeyException.check(idempotencyKey, config.idempotency().maxKeyLength());
        return Accepted.of(uploads.accept(body, contentType, contentLength == null ? -1 : contentLength, key));
    }
}
