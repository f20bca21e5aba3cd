package io.weft.tracker.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.weft.tracker.service.JobFilter;
import io.weft.tracker.service.JobNotFoundException;
import io.weft.tracker.service.JobQueries;
import io.weft.tracker.service.JobStreams;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import io.weft.support.security.WeftRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Server-Sent Events of job changes: first a {@code snapshot} event, then a {@code job} event per change (and
 * {@code job-removed} when a job stops matching the filter). Every event's id is a change sequence; a client
 * reconnecting with {@code Last-Event-ID} gets every change after it and no snapshot.
 */
@Path("/api/v1/jobs")
@RolesAllowed({WeftRoles.READ, WeftRoles.ADMIN})
@Tag(name = "jobs")
public class JobStreamResource {

    private final JobStreams streams;
    private final JobQueries queries;
    private final CallerAccess access;
    private final ObjectMapper mapper;

    @Inject
    public JobStreamResource(JobStreams streams, JobQueries queries, ObjectMapper mapper, CallerAccess access) {
        this.access = access;
        this.streams = streams;
        this.queries = queries;
        this.mapper = mapper;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live changes of the jobs matching the filters (same filters as the list)")
    public Multi<OutboundSseEvent> streamJobs(@QueryParam("lifecycle") List<String> lifecycle,
            @QueryParam("outcome") List<String> outcome, @QueryParam("kind") String kind,
            @QueryParam("workspace") String workspace, @QueryParam("requestedBy") String requestedBy,
            @QueryParam("createdAfter") String createdAfter,
            @QueryParam("createdBefore") String createdBefore, @QueryParam("updatedAfter") String updatedAfter,
            @QueryParam("updatedBefore") String updatedBefore,
            @Parameter(description = "the id of the last event received, to resume") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        JobFilter filter = JobResource.filter(lifecycle, outcome, kind, workspace, requestedBy, createdAfter, createdBefore,
                updatedAfter, updatedBefore);
        return events(streams.stream(filter.within(access.current()), false, resumeAfter(lastEventId)), sse);
    }

    @GET
    @Path("{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Live changes of one job, with its steps")
    public Multi<OutboundSseEvent> streamJob(@PathParam("id") String id,
            @Parameter(description = "the id of the last event received, to resume") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        if (!queries.exists(id)) {
            throw new JobNotFoundException(id);
        }
        access.requireReach(id);
        return events(streams.stream(JobFilter.job(id), true, resumeAfter(lastEventId)), sse);
    }

    private Multi<OutboundSseEvent> events(Multi<JobStreams.StreamEvent> stream, Sse sse) {
        return stream.map(event -> sse.newEventBuilder()
                .id(Long.toString(event.id()))
                .name(event.name())
                .reconnectDelay(1000)
                .data(json(event.data()))
                .build());
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a stream event", e);
        }
    }

    private static Long resumeAfter(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Last-Event-ID must be an event id this stream sent, not '" + lastEventId + "'");
        }
    }
}
