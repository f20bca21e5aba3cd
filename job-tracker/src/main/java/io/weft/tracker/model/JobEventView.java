package io.weft.tracker.model;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a job's history: its command, an event, its dead letter or a cancel request, as received.
 *
 * @param type       the CloudEvent type
 * @param attempt    for events, the attempt's number (1, 2, 3... in the order of the workers' attempt keys)
 * @param sequence   for events, the position within the attempt
 * @param receivedAt when the tracker stored it
 * @param reason     for dead letters, why the command was rejected
 * @param data       the message's data: secrets redacted, definition payloads elided (each part's
 *                   payloadBytes instead), without the workers' attempt key
 */
public record JobEventView(long id, InputCategory category, String ceId, String type, String topic, Long attempt,
        Long sequence, Instant occurredAt, Instant receivedAt, String reason, Map<String, Object> data) {
}
