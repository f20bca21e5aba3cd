package io.weft.tracker.model;

import java.time.Instant;

/** A cancel request seen on the control topic for a job. */
public record CancelRequest(Instant requestedAt, String reason) {
}
