package io.weft.tracker.rest;

import io.weft.support.rest.ProblemKind;

/**
 * Every kind of problem the tracker answers with, as the {@code type} of its RFC 9457 documents; a plain HTTP error
 * with nothing more to say (an unknown path, a method not allowed) is {@code about:blank}. Listed with its meaning
 * and what to do in the OpenAPI document ({@link ProblemTypesInOpenApi}) and in {@code docs/problems.md}.
 */
public enum ProblemType implements ProblemKind {

    UNAUTHORIZED("unauthorized", "401",
            "No bearer token, or one Weft does not accept (expired, not signed by the tenant, another issuer or audience); `WWW-Authenticate` says so.",
            "Get an Entra ID access token for Weft's API (scope `api://<weft-app-id>/.default`) and send it as `Authorization: Bearer <token>`."),
    FORBIDDEN("forbidden", "403",
            "The token is valid, but its principal has no role that allows this operation (`Weft.Read` to read, `Weft.Cancel` to cancel, `Weft.Admin` for rejected inputs).",
            "Ask an administrator to grant the app role in Entra ID."),

    JOB_NOT_FOUND("job-not-found", "404",
            "No job has this id: it was never submitted, or it ended longer ago than the tracker's retention.",
            "Check the id (the gateway's 202 answer or the command's `ce_subject`); list jobs to find it."),
    JOB_COMPLETED("job-completed", "409",
            "The job already reached a terminal state, so it cannot be cancelled.",
            "Nothing to do; its outcome is on the job."),
    BAD_REQUEST("bad-request", "400",
            "A query parameter or the body is not valid; the detail names it and the values it accepts.",
            "Correct the named parameter and send the request again."),
    INTERNAL_ERROR("internal-error", "500",
            "The tracker failed to answer (e.g. its database is unreachable); the failure is in its log.",
            "Retry later; if it persists, the operator should check the tracker's log and PostgreSQL.");

    private final Description description;

    ProblemType(String slug, String statuses, String meaning, String action) {
        this.description = new Description(slug, statuses, meaning, action);
    }

    @Override
    public Description description() {
        return description;
    }
}
