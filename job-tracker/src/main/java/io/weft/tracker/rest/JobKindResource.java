package io.weft.tracker.rest;

import io.smallrye.common.annotation.Blocking;
import io.weft.tracker.model.JobKind;
import io.weft.tracker.service.JobKinds;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The kinds of job, for filters (the dashboard's Kind choices) and to tell when a job counts as stalled. */
@Path("/api/v1/job-kinds")
@RolesAllowed({WeftRoles.READ, WeftRoles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
@Blocking
public class JobKindResource {

    private final JobKinds kinds;

    @Inject
    public JobKindResource(JobKinds kinds) {
        this.kinds = kinds;
    }

    @GET
    @Operation(summary = "The kinds of job, with their stall thresholds",
            description = "The kinds the tracker's contracts define, those configured under weft.tracker.stall.kinds, "
                    + "and those of stored jobs, in alphabetical order.")
    public List<JobKind> list() {
        return kinds.all();
    }
}
