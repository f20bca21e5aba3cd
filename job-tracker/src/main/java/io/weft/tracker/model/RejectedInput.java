package io.weft.tracker.model;

import java.time.Instant;

/**
 * A record the tracker read and could not fold, with why.
 *
 * @param id         position in the store; newer rejections have larger ids
 * @param topic      the topic it was read from
 * @param partition  its partition
 * @param offset     its offset
 * @param key        its key, when it had one (size-capped)
 * @param jobId      the job it seems to be about, when anything in it tells
 * @param reason     why it could not be folded
 * @param preview    the start of its value as text, size-capped; absent for a tombstone
 * @param valueBytes the size of its whole value; absent for a tombstone
 * @param recordTime the record's Kafka timestamp
 * @param receivedAt when the tracker stored it
 */
public record RejectedInput(Long id, String topic, int partition, long offset, String key, String jobId, String reason,
        String preview, Integer valueBytes, Instant recordTime, Instant receivedAt) {
}
