package io.weft.tracker.rest;

import io.weft.contracts.command.CancelJob;
import io.weft.tracker.config.TrackerConfig;
import io.weft.tracker.model.JobEventView;
import io.weft.tracker.model.JobPage;
import io.weft.tracker.model.JobView;
import io.weft.tracker.model.Lifecycle;
import io.weft.tracker.model.Outcome;
import io.weft.tracker.service.CancelService;
import io.weft.tracker.service.JobFilter;
import io.weft.tracker.service.JobNotFoundException;
import io.weft.tracker.service.JobQueries;
import io.weft.tracker.service.JobSort;
import io.smallrye.common.annotation.Blocking;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import java.io.IOException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import io.weft.support.security.WeftRoles;
import io.weft.support.security.WorkspaceScopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Job status: lists, single jobs, histories, cancellation. */
@Path("/api/v1/jobs")
@RolesAllowed({WeftRoles.READ, WeftRoles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
@Blocking
public class JobResource {

    /** Optional body of a cancel request. */
    public record CancelBody(String reason) {
    }

    /** The {@code include} value that keeps a request's definition payloads. */
    static final String INCLUDE_DEFINITION = "definition";

    private final JobQueries queries;
    private final CallerAccess access;
    private final CancelService cancels;
    private final TrackerConfig config;
    private final ObjectMapper mapper;

    @Inject
    public JobResource(JobQueries queries, CancelService cancels, TrackerConfig config, ObjectMapper mapper, CallerAccess access) {
        this.access = access;
        this.queries = queries;
        this.cancels = cancels;
        this.config = config;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "List jobs", description = "Filters combine with AND; a filter given several values "
            + "(repeated or comma-separated) matches any of them. Pages follow nextCursor. Each job carries a "
            + "requestSummary (identifying fields and sizes), never its request nor its steps: GET the job for those.")
    public JobPage list(
            @Parameter(description = "QUEUED, RUNNING, COMPLETED") @QueryParam("lifecycle") List<String> lifecycle,
            @Parameter(description = "SUCCEEDED, FAILED, CANCELLED, TIMED_OUT") @QueryParam("outcome") List<String> outcome,
            @Parameter(description = "e.g. graph-scenario, semantic-model") @QueryParam("kind") String kind,
            @QueryParam("workspace") String workspace,
            @Parameter(description = "who asked: the requester's Entra object id, or its name (case-insensitive)")
            @QueryParam("requestedBy") String requestedBy,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("createdAfter") String createdAfter,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("createdBefore") String createdBefore,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("updatedAfter") String updatedAfter,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("updatedBefore") String updatedBefore,
            @Parameter(description = "-createdAt (default), createdAt, -updatedAt, updatedAt") @QueryParam("sort") String sort,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "jobs per page") @QueryParam("limit") Integer limit,
            @Parameter(description = "true: only jobs QUEUED or RUNNING with no event for longer than their kind's "
                    + "stall threshold; false: only the others") @QueryParam("stalled") String stalled) {
        JobFilter filter = filter(lifecycle, outcome, kind, workspace, requestedBy, createdAfter, createdBefore, updatedAfter,
                updatedBefore);
        return queries.page(filter.within(access.current()), bool(stalled, "stalled"), JobSort.ofParameter(sort), cursor,
                pageSize(limit));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One job with its steps and its request",
            description = "The request's definition parts carry payloadBytes instead of their base64 payload, "
                    + "unless include=definition.")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView get(@PathParam("id") String id,
            @Parameter(description = "definition: the request keeps its definition payloads (base64 parts)")
            @QueryParam("include") List<String> include) {
        JobView job = queries.find(id, includes(include).contains(INCLUDE_DEFINITION))
                .orElseThrow(() -> new JobNotFoundException(id));
        access.requireReach(id);
        return job;
    }

    @GET
    @Path("{id}/events")
    @Operation(summary = "A job's history: its command, events, dead letter and cancel requests")
    @APIResponse(responseCode = "404", description = "No such job")
    public List<JobEventView> events(@PathParam("id") String id) {
        if (!queries.exists(id)) {
            throw new JobNotFoundException(id);
        }
        access.requireReach(id);
        return queries.events(id);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({WeftRoles.CANCEL, WeftRoles.ADMIN})
    @Operation(summary = "Ask the worker running a job to cancel it",
            description = "Publishes a cancel command to weft.commands.control; the job shows the request once "
                    + "the tracker reads it back, and ends CANCELLED when the worker stops it.")
    @APIResponse(responseCode = "202", description = "The cancel command was published")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job has already completed")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(description = "optional: {\"reason\": \"...\"}", required = false,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CancelBody.class)))
    public Response cancel(@PathParam("id") String id, byte[] body) {
        if (queries.exists(id)) {
            access.requireReach(id);
        }
        CancelJob cancel = cancels.cancel(id, reason(body), access.requester());
        return Response.accepted(cancel).build();
    }

    /** The body is optional, so that a bare POST (a form button, curl -X POST) cancels too. */
    private String reason(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(body, CancelBody.class).reason();
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON like {\"reason\": \"...\"}");
        }
    }

    private static Set<String> includes(List<String> raw) {
        Set<String> values = new TreeSet<>();
        if (raw != null) {
            raw.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty())
                    .forEach(values::add);
        }
        for (String value : values) {
            if (!INCLUDE_DEFINITION.equals(value)) {
                throw new IllegalArgumentException("include may only be '" + INCLUDE_DEFINITION + "', not '" + value + "'");
            }
        }
        return values;
    }

    private static Boolean bool(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    private int pageSize(Integer limit) {
        if (limit == null) {
            return config.api().defaultPageSize();
        }
        if (limit < 1 || limit > config.api().maxPageSize()) {
            throw new IllegalArgumentException("limit must be between 1 and " + config.api().maxPageSize());
        }
        return limit;
    }

    static JobFilter filter(List<String> lifecycle, List<String> outcome, String kind, String workspace, String requestedBy,
            String createdAfter, String createdBefore, String updatedAfter, String updatedBefore) {
        return new JobFilter(values(lifecycle, Lifecycle.class, "lifecycle"), values(outcome, Outcome.class, "outcome"),
                blankToNull(kind), blankToNull(workspace), instant(createdAfter, "createdAfter"),
                instant(createdBefore, "createdBefore"), instant(updatedAfter, "updatedAfter"),
                instant(updatedBefore, "updatedBefore"), null, blankToNull(requestedBy), WorkspaceScopes.Access.EVERYWHERE);
    }

    private static <E extends Enum<E>> Set<E> values(List<String> raw, Class<E> type, String name) {
        Set<E> values = EnumSet.noneOf(type);
        if (raw == null) {
            return values;
        }
        for (String value : raw.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).toList()) {
            try {
                values.add(Enum.valueOf(type, value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " must be one of " + Arrays.stream(type.getEnumConstants())
                        .map(Enum::name).collect(Collectors.joining(", ")) + ", not '" + value + "'");
            }
        }
        return values;
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-21T23:05:12Z, not '"
                    + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
