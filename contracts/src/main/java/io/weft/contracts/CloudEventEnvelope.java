package io.weft.contracts;

/**
 * The CloudEvent read from a Kafka record, whichever content mode it came in: its context attributes and its
 * data as JSON bytes, ready for {@link ContractCodec#decode(CloudEventEnvelope, Class)}.
 *
 * @param mode    the content mode of the Kafka protocol binding the record used
 * @param id      the {@code id} attribute
 * @param type    the {@code type} attribute, e.g. {@code io.weft.deploy.semantic-model.requested.v1}
 * @param source  the {@code source} attribute
 * @param subject the {@code subject} attribute (the job id in Weft), or null when absent
 * @param data    the event data, JSON
 */
public record CloudEventEnvelope(Mode mode, String id, String type, String source, String subject, byte[] data) {

    /** The two content modes of the CloudEvents Kafka protocol binding. */
    public enum Mode {
        /** Attributes in {@code ce_*} headers, the data as the record value. */
        BINARY,
        /** {@code content-type: application/cloudevents+json}: attributes and data in one JSON value. */
        STRUCTURED
    }
}
