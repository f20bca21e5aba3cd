package io.weft.fabric.emulator.entra;

import io.weft.fabric.emulator.EmulatorOptions;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registered single-page applications and where they may send a user back to. A redirect URI must equal a
 * registered one, except that, as Entra does for loopback addresses (RFC 8252), the port of an
 * {@code http://localhost} or {@code http://127.0.0.1} URI is ignored: a local app on any free port matches.
 */
final class SpaClients {

    private final Map<String, EmulatorOptions.SpaClient> clients;

    SpaClients(List<EmulatorOptions.SpaClient> clients) {
        this.clients = clients.stream().collect(Collectors.toUnmodifiableMap(EmulatorOptions.SpaClient::clientId, c -> c, (a, b) -> b));
    }

    Optional<EmulatorOptions.SpaClient> find(String clientId) {
        return Optional.ofNullable(clientId).map(clients::get);
    }

    /** Whether {@code uri} is one of the client's redirect URIs. */
    static boolean allowsRedirect(EmulatorOptions.SpaClient client, String uri) {
        return uri != null && client.redirectUris().stream().anyMatch(registered -> same(registered, uri, false));
    }

    /** Whether a browser page of {@code origin} may call the token endpoint for the client: a redirect URI's origin. */
    static boolean allowsOrigin(EmulatorOptions.SpaClient client, String origin) {
        return origin != null && client.redirectUris().stream().anyMatch(registered -> same(registered, origin, true));
    }

    /** Whether any client has {@code uri} as a redirect URI (a sign-out's return address). */
    boolean anyAllowsRedirect(String uri) {
        return clients.values().stream().anyMatch(client -> allowsRedirect(client, uri));
    }

    /** Whether any client's redirect URIs are of {@code origin} (the CORS preflight names no client). */
    boolean anyAllowsOrigin(String origin) {
        return clients.values().stream().anyMatch(client -> allowsOrigin(client, origin));
    }

    private static boolean same(String registered, String requested, boolean originOnly) {
        try {
            URI a = URI.create(registered);
            URI b = URI.create(requested);
            boolean loopback = "http".equalsIgnoreCase(a.getScheme())
                    && ("localhost".equalsIgnoreCase(a.getHost()) || "127.0.0.1".equals(a.getHost()));
            boolean sameOrigin = a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                    && (loopback || port(a) == port(b));
            if (originOnly) {
                return sameOrigin;
            }
            return sameOrigin && path(a).equals(path(b)) && java.util.Objects.equals(a.getRawQuery(), b.getRawQuery())
                    && b.getRawFragment() == null;
        } catch (RuntimeException e) {
            return false; // not a URI: nothing matches it
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String path(URI uri) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }
}
