package io.weft.fabric.emulator.entra;

import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.http.Forms;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Entra's {@code /authorize} for single-page apps (authorization code with PKCE) and {@code /logout}: a GET shows a
 * sign-in form, its POST checks the user's password and sends the browser back to the app with a code. A request
 * whose client or redirect URI is not registered gets an error page and is never redirected.
 */
final class AuthorizationEndpoint {

    private static final String WRONG_PASSWORD = "Your account or password is incorrect. If you don't remember your password, reset it now.";

    private final SpaClients spaClients;
    private final Map<String, EmulatorOptions.User> users;
    private final AuthorizationCodes codes;
    private final String tenantId;
    private final String weftAppId;

    AuthorizationEndpoint(SpaClients spaClients, List<EmulatorOptions.User> users, AuthorizationCodes codes, String tenantId, String weftAppId) {
        this.spaClients = spaClients;
        // user names compare case-insensitively, as Entra's user principal names do
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(u -> u.name().toLowerCase(Locale.ROOT), u -> u, (a, b) -> b));
        this.codes = codes;
        this.tenantId = tenantId;
        this.weftAppId = weftAppId;
    }

    /** GET: the form; POST: the form's submission. */
    void authorize(HttpCall call) throws IOException {
        boolean submitted = "POST".equals(call.method());
        Map<String, String> params = submitted ? Forms.parse(call.textBody()) : call.query();
        AuthorizationRequest request = AuthorizationRequest.of(params);
        Optional<EmulatorOptions.SpaClient> client = spaClients.find(request.clientId());
        if (client.isEmpty()) {
            SignInPage.error(call, 400, "AADSTS700016: Application with identifier '" + request.clientId()
                    + "' was not found in the directory '" + tenantId + "'.");
            return;
        }
        if (!SpaClients.allowsRedirect(client.get(), request.redirectUri())) {
            SignInPage.error(call, 400, "AADSTS50011: The redirect URI '" + request.redirectUri()
                    + "' specified in the request does not match the redirect URIs configured for the application '"
                    + request.clientId() + "'.");
            return;
        }
        Optional<AuthorizationRequest.Refusal> refusal = request.refusal(weftAppId);
        if (refusal.isPresent()) {
            redirect(call, request, ordered("error", refusal.get().error(), "error_description", refusal.get().description(),
                    "state", request.state()));
            return;
        }
        String action = call.rawPath();
        if (!submitted) {
            SignInPage.form(call, action, request, null, null);
            return;
        }
        String login = params.getOrDefault("login", "").trim();
        EmulatorOptions.User user = users.get(login.toLowerCase(Locale.ROOT));
        if (user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                params.getOrDefault("passwd", "").getBytes(StandardCharsets.UTF_8))) {
            SignInPage.form(call, action, request, WRONG_PASSWORD, login);
            return;
        }
        String code = codes.issue(request.clientId(), request.redirectUri(), request.codeChallenge(), request.scope(), request.nonce(), user);
        redirect(call, request, ordered("code", code, "state", request.state(), "session_state", UUID.randomUUID().toString()));
    }

    /** Sends the browser back to the app, in the query (the default) or the fragment ({@code response_mode=fragment}). */
    private static void redirect(HttpCall call, AuthorizationRequest request, Map<String, String> answer) throws IOException {
        String separator = "fragment".equals(request.responseMode()) ? "#" : request.redirectUri().contains("?") ? "&" : "?";
        found(call, request.redirectUri() + separator + encode(answer));
    }

    /** Parameters in Entra's order, those without a value left out. */
    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                params.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return params;
    }

    /**
     * {@code /logout}: back to {@code post_logout_redirect_uri} when it is a registered redirect URI (of
     * {@code client_id}'s app when given), else Entra's signed-out page. The emulator keeps no session to end.
     */
    void logout(HttpCall call) throws IOException {
        String target = call.query("post_logout_redirect_uri");
        String clientId = call.query("client_id");
        boolean allowed = target != null && (clientId == null ? spaClients.anyAllowsRedirect(target)
                : spaClients.find(clientId).filter(c -> SpaClients.allowsRedirect(c, target)).isPresent());
        if (!allowed) {
            SignInPage.signedOut(call);
            return;
        }
        String state = call.query("state");
        found(call, state == null ? target : target + (target.contains("?") ? "&" : "?") + encode(ordered("state", state)));
    }

    private static void found(HttpCall call, String location) throws IOException {
        call.header("Location", location);
        call.header("Cache-Control", "no-store, no-cache");
        call.respondEmpty(302);
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }
}
