package io.weft.contracts;

/**
 * One header of a Kafka record as it arrived: its name and its raw bytes (null when the header has no value).
 * The contracts stay free of Kafka's client classes; a consumer maps the record's headers to these.
 */
public record RecordHeader(String name, byte[] value) {
}
