package io.weft.gateway.idempotency;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What an accepted request left behind under its {@code Idempotency-Key}.
 *
 * @param fingerprint SHA-256 over the request's fields and content, to tell a retry from a different request
 * @param jobId       the job the request started
 * @param location    the {@code Location} of the {@code 202}
 * @param body        the {@code 202}'s body
 * @param acceptedAt  when the command was acknowledged by Kafka
 */
public record IdempotencyRecord(String fingerprint, String jobId, String location, JsonNode body, Instant acceptedAt) {
}
