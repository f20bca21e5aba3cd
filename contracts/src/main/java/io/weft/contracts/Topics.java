package io.weft.contracts;

/** Kafka topic names: the public API on Kafka, shared by producers, consumers and tests. */
public final class Topics {

    /** Provisioning commands, keyed by workspace. */
    public static final String PROVISION_COMMANDS = "weft.commands.provision";
    /** Deployment commands, keyed by workspace. */
    public static final String DEPLOY_COMMANDS = "weft.commands.deploy";
    /** Control commands (cancel), keyed by job id. */
    public static final String CONTROL_COMMANDS = "weft.commands.control";
    /** Job progress events from the workers, keyed by job id. */
    public static final String JOB_EVENTS = "weft.job-events";
    /** Provisioning commands that can never succeed, with the reason in headers. */
    public static final String PROVISION_DEAD_LETTERS = PROVISION_COMMANDS + ".dlq";
    /** Deployment commands that can never succeed, with the reason in headers. */
    public static final String DEPLOY_DEAD_LETTERS = DEPLOY_COMMANDS + ".dlq";

    private Topics() {
    }
}
