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

    /**
     * Deployment commands from one upstream publisher: {@code weft.commands.deploy.from.<principal>}, which only that
     * Kafka principal may write (acls.conf). The broker does not tell a consumer who produced a record; the topic
     * does, so the job's requester is the principal the topic names, not what the command claims.
     */
    public static final String UPSTREAM_DEPLOY_COMMANDS_PREFIX = DEPLOY_COMMANDS + ".from.";

    private Topics() {
    }

    /** The upstream publisher whose deployment topic this is, when it is one. */
    public static java.util.Optional<String> upstreamPrincipalOf(String topic) {
        if (topic == null || !topic.startsWith(UPSTREAM_DEPLOY_COMMANDS_PREFIX) || topic.length() == UPSTREAM_DEPLOY_COMMANDS_PREFIX.length()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(topic.substring(UPSTREAM_DEPLOY_COMMANDS_PREFIX.length()));
    }

    /** Whether the record's topic carries deployment commands (the gateway's or an upstream publisher's). */
    public static boolean isDeployCommands(String topic) {
        return DEPLOY_COMMANDS.equals(topic) || upstreamPrincipalOf(topic).isPresent();
    }
}
