package io.weft.fabric.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint's {@code authorization_code} grant for single-page apps: the code of a sign-in, redeemed once,
 * by the app it was issued to, from a browser page of one of its redirect URIs' origins (Entra redeems a SPA's
 * codes only cross-origin), with the same redirect URI and the PKCE verifier whose S256 hash is the code's challenge.
 */
final class CodeRedemption {

    private final SpaClients spaClients;
    private final AuthorizationCodes codes;
    private final TokenService tokens;
    private final String tenantId;
    private final String weftAppId;

    CodeRedemption(SpaClients spaClients, AuthorizationCodes codes, TokenService tokens, String tenantId, String weftAppId) {
        this.spaClients = spaClients;
        this.codes = codes;
        this.tokens = tokens;
        this.tenantId = tenantId;
        this.weftAppId = weftAppId;
    }

    void redeem(HttpCall call, Map<String, String> form) throws IOException {
        Optional<EmulatorOptions.SpaClient> client = spaClients.find(form.get("client_id"));
        if (client.isEmpty()) {
            refuse(call, "unauthorized_client", "AADSTS700016: Application with identifier '" + form.get("client_id")
                    + "' was not found in the directory '" + tenantId + "'.", 700016);
            return;
        }
        String origin = call.header("Origin");
        if (origin == null) {
            refuse(call, "invalid_request", "AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type"
                    + " may only be redeemed via cross-origin requests.", 9002327);
            return;
        }
        if (!SpaClients.allowsOrigin(client.get(), origin)) {
            refuse(call, "invalid_request", "AADSTS9002326: Cross-origin token redemption is permitted only for the"
                    + " 'Single-Page Application' client-type and its redirect URIs. Request origin: '" + origin + "'.", 9002326);
            return;
        }
        String code = form.get("code");
        if (code == null || code.isBlank()) {
            refuse(call, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'code'.", 900144);
            return;
        }
        AuthorizationCodes.Redemption redemption = codes.redeem(code);
        if (redemption instanceof AuthorizationCodes.Redemption.AlreadyRedeemed) {
            refuse(call, "invalid_grant", "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a"
                    + " new valid code or use an existing refresh token.", 54005);
            return;
        }
        if (!(redemption instanceof AuthorizationCodes.Redemption.Granted granted)) {
            refuse(call, "invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired due to"
                    + " inactivity. Send a new interactive authorization request for this user and resource.", 70008);
            return;
        }
        AuthorizationCodes.Grant grant = granted.grant();
        if (!grant.clientId().equals(client.get().clientId())) {
            refuse(call, "invalid_grant", "AADSTS70000: Provided grant is invalid or malformed: the code was issued to another application.", 70000);
            return;
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            refuse(call, "invalid_grant", "AADSTS500112: The reply address '" + form.get("redirect_uri") + "' does not match"
                    + " the reply address '" + grant.redirectUri() + "' provided when requesting Authorization code.", 500112);
            return;
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !MessageDigest.isEqual(s256(verifier), grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            refuse(call, "invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the"
                    + " authorization request.", 501481);
            return;
        }
        long lifetime = tokens.lifetime().toSeconds();
        ObjectNode body = HttpCall.JSON.createObjectNode()
                .put("token_type", "Bearer")
                .put("scope", grant.scope())
                .put("expires_in", lifetime)
                .put("ext_expires_in", lifetime)
                .put("access_token", tokens.issueForUser(grant.clientId(), weftAppId, grant.user()));
        if (AuthorizationRequest.asksForIdToken(grant.scope())) {
            body.put("id_token", tokens.idToken(grant.clientId(), grant.user(), grant.nonce()));
        }
        call.header("Cache-Control", "no-store, no-cache");
        call.respondJson(200, body);
    }

    /** The base64url S256 challenge of a verifier, as ASCII bytes. */
    private static byte[] s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refuse(HttpCall call, String error, String description, int code) throws IOException {
        call.respondJson(400, AadErrors.body(error, description, code));
    }
}
