package io.weft.gateway.rest;

import io.weft.support.rest.ProblemKind;

/**
 * Every kind of problem the gateway answers with, as the {@code type} of its RFC 9457 documents. Listed with its
 * meaning and what to do in the OpenAPI document ({@link ProblemTypesInOpenApi}) and in {@code docs/problems.md}.
 */
public enum ProblemType implements ProblemKind {

    VALIDATION_FAILED("validation-failed", "400, 422",
            "The request or its archive breaks one or more rules; `errors` lists every problem found, each naming the field or archive entry and the rule.",
            "Fix every listed problem and send the request again; nothing was queued or kept."),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "422",
            "The `Idempotency-Key` was first used for a different request (other fields or other archive bytes).",
            "Use a new key for a new request; resend the original request unchanged to get its first answer again."),
    BODY_TOO_LARGE("body-too-large", "413",
            "The declared `Content-Length` is above the gateway's body limit (`quarkus.http.limits.max-body-size`); the detail names the limit.",
            "Send a smaller archive, or ask the operator to raise the limit."),
    BROKER_UNAVAILABLE("broker-unavailable", "503",
            "Kafka did not acknowledge the command in time; nothing was queued or kept.",
            "Retry after the `Retry-After` seconds; the same `Idempotency-Key` is safe to reuse."),
    STAGING_UNAVAILABLE("staging-unavailable", "503",
            "The staging store (claim check) refused the archive bytes; nothing was queued.",
            "Retry after the `Retry-After` seconds; if it persists, the operator should check the staging store.");

    private final String slug;
    private final String statuses;
    private final String meaning;
    private final String action;

    ProblemType(String slug, String statuses, String meaning, String action) {
        this.slug = slug;
        this.statuses = statuses;
        this.meaning = meaning;
        this.action = action;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public String statuses() {
        return statuses;
    }

    @Override
    public String meaning() {
        return meaning;
    }

    @Override
    public String action() {
        return action;
    }
}
