package io.weft.fabric.emulator.entra;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a request to the authorization endpoint, as the query of its GET or the hidden fields of the
 * sign-in form's POST (read again on the POST: nothing a browser sends back is trusted).
 */
record AuthorizationRequest(String clientId, String redirectUri, String responseType, String responseMode, String scope,
                            String state, String nonce, String codeChallenge, String codeChallengeMethod) {

    /** The parameters the sign-in form carries over to its POST. */
    static final String[] NAMES = {"client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method"};

    /** Scopes any sign-in may add besides the API's; they shape the ID token and refresh tokens, not the access token. */
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    static AuthorizationRequest of(Map<String, String> p) {
        return new AuthorizationRequest(p.get("client_id"), p.get("redirect_uri"), p.get("response_type"), p.get("response_mode"),
                p.get("scope"), p.get("state"), p.get("nonce"), p.get("code_challenge"), p.get("code_challenge_method"));
    }

    /** The parameters by name, those absent left out. */
    Map<String, String> parameters() {
        String[] values = {clientId, redirectUri, responseType, responseMode, scope, state, nonce, codeChallenge, codeChallengeMethod};
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            if (values[i] != null) {
                parameters.put(NAMES[i], values[i]);
            }
        }
        return parameters;
    }

    /**
     * Why Entra would refuse this request once its client and redirect URI are known (so the refusal goes back to the
     * app): the code flow, PKCE with S256 (required of a single-page app), and a scope of Weft's API.
     */
    Optional<Refusal> refusal(String weftAppId) {
        if (!"code".equals(responseType)) {
            return Optional.of(new Refusal("unsupported_response_type",
                    "AADSTS700054: response_type '" + responseType + "' is not enabled for the application."));
        }
        if (codeChallenge == null || codeChallenge.isBlank() || !"S256".equals(codeChallengeMethod)) {
            return Optional.of(new Refusal("invalid_request",
                    "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption:"
                            + " send code_challenge with code_challenge_method S256."));
        }
        if (!asksForWeft(weftAppId)) {
            return Optional.of(new Refusal("invalid_scope", "AADSTS70011: The provided value for the input parameter 'scope' is not valid:"
                    + " it must name Weft's API (api://" + weftAppId + "/.default), with openid, profile, email or offline_access besides."));
        }
        return Optional.empty();
    }

    /** Whether the scope names Weft's API ({@code api://ID/.default}, {@code ID/.default}, {@code api://ID/<permission>}) and nothing else. */
    private boolean asksForWeft(String weftAppId) {
        boolean weft = false;
        for (String s : (scope == null ? "" : scope).trim().split("\\s+")) {
            if (s.equals(weftAppId + "/.default") || s.startsWith("api://" + weftAppId + "/")) {
                weft = true;
            } else if (!OIDC_SCOPES.contains(s)) {
                return false;
            }
        }
        return weft;
    }

    /** Whether a sign-in of this scope gets an ID token. */
    static boolean asksForIdToken(String scope) {
        return scope != null && Set.of(scope.trim().split("\\s+")).contains("openid");
    }

    /** An OAuth error to send back to the app's redirect URI. */
    record Refusal(String error, String description) {
    }
}
