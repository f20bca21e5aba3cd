package io.weft.gateway.rest;

import io.weft.gateway.idempotency.IdempotencyStore;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The {@code 202} of an accepted (or replayed) request. */
final class Accepted {

    /** Set on a {@code 202} that repeats the answer to an earlier request with the same {@code Idempotency-Key}. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private Accepted() {
    }

    static Response of(IdempotencyStore.Outcome outcome) {
        Response.ResponseBuilder response = Response.accepted(outcome.record().body().toString())
                .type(MediaType.APPLICATION_JSON)
                .location(URI.create(outcome.record().location()));
        if (outcome.replayed()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
