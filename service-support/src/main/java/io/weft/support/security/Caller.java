package io.weft.support.security;

import io.weft.contracts.command.Requester;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The authenticated caller of an HTTP operation, read from its Entra access token's claims: who it is (for
 * {@link Requester}) and the keys a workspace scope may be granted to (its object id, its client id, its groups).
 *
 * @param requester who it is, as commands and jobs record it
 * @param keys      object id, client id ({@code azp}, v1 {@code appid}) and group object ids, lower case
 * @param admin     whether the token carries {@link WeftRoles#ADMIN}
 */
public record Caller(Requester requester, Set<String> keys, boolean admin) {

    /**
     * @param claim a token's claim by name (null when absent); {@code groups} may be a collection
     * @param roles the roles the token was granted
     * @return the caller, or null when the token names no subject
     */
    public static Caller fromClaims(Function<String, Object> claim, Set<String> roles) {
        String id = first(claim, "oid", "sub");
        if (id == null) {
            return null;
        }
        boolean app = "app".equals(String.valueOf(claim.apply("idtyp")));
        String clientId = first(claim, "azp", "appid");
        String name = app ? clientId : first(claim, "name", "preferred_username", "upn");
        Set<String> keys = new LinkedHashSet<>();
        keys.add(id.toLowerCase(Locale.ROOT));
        if (clientId != null) {
            keys.add(clientId.toLowerCase(Locale.ROOT));
        }
        if (claim.apply("groups") instanceof Iterable<?> groups) {
            groups.forEach(group -> keys.add(unquoted(String.valueOf(group)).toLowerCase(Locale.ROOT)));
        }
        return new Caller(new Requester(id, name, app ? Requester.SERVICE_PRINCIPAL : Requester.USER), Set.copyOf(keys),
                roles.contains(WeftRoles.ADMIN));
    }

    private static String first(Function<String, Object> claim, String... names) {
        for (String name : names) {
            Object value = claim.apply(name);
            if (value != null && !unquoted(value.toString()).isBlank()) {
                String text = unquoted(value.toString());
                return text.length() <= 256 ? text : text.substring(0, 256);
            }
        }
        return null;
    }

    /** JSON-P string values print with their quotes. */
    private static String unquoted(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
