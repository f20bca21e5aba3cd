package io.weft.contracts.command;

/**
 * Who asked for a job: the gateway's authenticated caller, as its Entra token names it, or the Kafka principal of an
 * upstream publisher's own deployment topic ({@link io.weft.contracts.Topics#UPSTREAM_DEPLOY_COMMANDS_PREFIX}), which
 * the tracker sets whatever the command says.
 *
 * @param id   the Entra object id (the token's {@code oid}, else {@code sub}), or {@code kafka:<principal>}
 * @param name a name for people: the user's {@code name} or {@code preferred_username}, an application's client id,
 *             the Kafka principal's name
 * @param type {@code User}, {@code ServicePrincipal} or {@code KafkaPrincipal}
 */
public record Requester(String id, String name, String type) {

    public static final String USER = "User";
    public static final String SERVICE_PRINCIPAL = "ServicePrincipal";
    public static final String KAFKA_PRINCIPAL = "KafkaPrincipal";

    /** The upstream publisher that may alone write its deployment topic. */
    public static Requester kafkaPrincipal(String principal) {
        return new Requester("kafka:" + principal, principal, KAFKA_PRINCIPAL);
    }

    /** As the dashboard and logs show it, e.g. {@code ServicePrincipal weft-demo-client}. */
    public String describe() {
        return type + " " + (name != null ? name : id);
    }
}
