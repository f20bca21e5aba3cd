package io.weft.contracts;

/**
 * Anything Weft puts on Kafka: the data of one CloudEvent. Every message belongs to a job. The hierarchies
 * below it ({@code Command}, {@code JobEvent}) are sealed; {@link MessageType} lists every concrete type.
 */
public interface WeftMessage {

    /** The job this message belongs to; also the CloudEvent {@code subject}. */
    String jobId();
}
