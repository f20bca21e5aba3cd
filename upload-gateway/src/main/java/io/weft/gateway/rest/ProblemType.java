package io.weft.gateway.rest;

import io.weft.support.rest.ProblemKind;

/**
 * Every kind of problem the gateway answers with, as the {@code type} of its RFC 9457 documents. Listed with its
 * meaning and what to do in the OpenAPI document ({@link ProblemTypesInOpenApi}) and in {@code docs/problems.md}.
 */
public enum ProblemType implements ProblemKind {

    UNAUTHORIZED("unauthorized", "401",
            "No bearer token, or one Weft does not accept (expired, not signed by the tenant, another issuer or audience); `WWW-Authenticate` says so.",
            "Get an Entra ID access token for Weft's API (scope `api://<weft-app-id>/.default`) and send it as `Authorization: Bearer <token>`."),
    FORBIDDEN("forbidden", "403",
            "The token is valid, but its principal has no role that allows this operation (`Weft.Submit` for every gateway operation).",
            "Ask an administrator to grant the app role in Entra ID; nothing was queued or kept."),

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

    private final Description description;

    ProblemType(String slug, String statuses, String meaning, String action) {
        this.description = new Description(slug, statuses, meaning, action);
    }

    @Override
    public Description description() {
        return description;
    }
}
