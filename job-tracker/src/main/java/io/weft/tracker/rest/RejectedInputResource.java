package io.weft.tracker.rest;

import io.smallrye.common.annotation.Blocking;
import io.weft.tracker.config.TrackerConfig;
import io.weft.tracker.model.RejectedInputPage;
import io.weft.tracker.service.RejectedInputs;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Records the tracker read but could not fold, so that a broken producer is visible, never only a log line. */
@Path("/api/v1/rejected-inputs")
// Admin only: rejected records may come from any workspace and carry any payload.
@RolesAllowed({WeftRoles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rejected inputs")
@Blocking
public class RejectedInputResource {

    private final RejectedInputs rejected;
    private final TrackerConfig config;

    @Inject
    public RejectedInputResource(RejectedInputs rejected, TrackerConfig config) {
        this.rejected = rejected;
        this.config = config;
    }

    @GET
    @Operation(summary = "List rejected inputs, newest first",
            description = "Every record on the tracker's topics that could not be folded into a job (not a CloudEvent, "
                    + "unknown type, schema violation, a dead letter without a job id...): where it was (topic, "
                    + "partition, offset, key), the job it seems to be about when anything in it tells, why it was "
                    + "rejected, and the start of its value. Pages follow nextCursor.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor")
    public RejectedInputPage list(
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "entries per page") @QueryParam("limit") Integer limit) {
        int size = limit == null ? config.api().defaultPageSize() : limit;
        if (size < 1 || size > config.api().maxPageSize()) {
            throw new IllegalArgumentException("limit must be between 1 and " + config.api().maxPageSize());
        }
        return rejected.page(cursor, size);
    }
}
