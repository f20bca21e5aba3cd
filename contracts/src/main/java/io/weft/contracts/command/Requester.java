package io.weft.contracts.command;

/**
 * Who asked for a job: the gateway's authenticated caller, as its Entra token names it. A command published straight
 * to Kafka carries what its producer put here (the broker does not vouch for it).
 *
 * @param id   the Entra object id (the token's {@code oid}, else {@code sub})
 * @param name a name for people: the user's {@code name} or {@code preferred_username}, an application's client id
 * @param type {@code User} or {@code ServicePrincipal}
 */
public record Requester(String id, String name, String type) {

    public static final String USER = "User";
    public static final String SERVICE_PRINCIPAL = "ServicePrincipal";

    /** As the dashboard and logs show it, e.g. {@code ServicePrincipal weft-demo-client}. */
    public String describe() {
        return type + " " + (name != null ? name : id);
    }
}
