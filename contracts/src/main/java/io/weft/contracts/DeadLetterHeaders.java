package io.weft.contracts;

/**
 * Headers a rejected command carries on a {@code *.dlq} topic. The names are those SmallRye's
 * dead-letter-queue failure strategy writes, so a record sent there by the connector and one read by the
 * tracker agree.
 */
public final class DeadLetterHeaders {

    /** Why the command can never succeed, in words a user can act on. */
    public static final String REASON = "dead-letter-reason";
    /** The class of the failure that rejected it. */
    public static final String CAUSE = "dead-letter-cause";
    /** The topic the command was read from. */
    public static final String TOPIC = "dead-letter-topic";
    /** The partition it was read from. */
    public static final String PARTITION = "dead-letter-partition";
    /** Its offset there. */
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterHeaders() {
    }
}
