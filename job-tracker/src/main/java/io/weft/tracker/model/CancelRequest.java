package io.weft.tracker.model;

import io.weft.contracts.command.Requester;

import java.time.Instant;

/**
 * A cancel request seen on the control topic for a job.
 *
 * @param requestedBy who asked, when the request says
 */
public record CancelRequest(Instant requestedAt, String reason, Requester requestedBy) {
}
