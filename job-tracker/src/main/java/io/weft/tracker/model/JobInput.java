package io.weft.tracker.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.contracts.WeftMessage;

import java.time.Instant;

/**
 * One decoded message that concerns a job, as appended to its history.
 *
 * @param ceId       the CloudEvent id, when the message had one
 * @param attempt    for events, the attempt
 * @param sequence   for events, the position within the attempt
 * @param occurredAt when what the message reports happened (event time, request time, dead-lettering time)
 * @param reason     for dead letters, SmallRye's {@code dead-letter-reason}
 * @param data       the CloudEvent data as it was decoded
 * @param message    the decoded record
 */
public record JobInput(String jobId, InputCategory category, String ceId, String ceType, String topic, Long attempt,
        Long sequence, Instant occurredAt, String reason, JsonNode data, WeftMessage message) {

    /** The key under which a redelivered copy of this input is recognised and ignored. */
    public String dedupKey() {
        return switch (category) {
            case COMMAND -> "command:" + jobId;
            case DEAD_LETTER -> "dead-letter:" + jobId;
            case EVENT -> "event:" + jobId + ":" + attempt + ":" + sequence;
            case CANCEL -> "cancel:" + jobId + ":" + (ceId != null ? ceId : occurredAt.toString());
        };
    }
}
