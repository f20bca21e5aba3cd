package io.weft.fabric.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.http.Forms;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Entra (AAD v2) endpoints MSAL, quarkus-oidc and a single-page app call: the token endpoint (client
 * credentials; authorization code with PKCE), the authorization and logout endpoints, OIDC discovery, JWKS.
 */
public final class EntraHandler {

    private static final Pattern TOKEN = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
    private static final Pattern AUTHORIZE = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/authorize$");
    private static final Pattern LOGOUT = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/logout$");
    private static final Pattern DISCOVERY = Pattern.compile("^/([^/]+)/v2\\.0/\\.well-known/openid-configuration$");
    private static final Pattern KEYS = Pattern.compile("^/([^/]+)/discovery/v2\\.0/keys$");

    private final TokenService tokens;
    private final String baseUrl;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final String weftAppId;
    private final Map<String, EmulatorOptions.ApiClient> apiClients;
    private final SpaClients spaClients;
    private final AuthorizationEndpoint authorization;
    private final CodeRedemption codeRedemption;

    /**
     * @param options its tenant, the Fabric client, Weft's application id (a token for {@code api://ID/.default} or
     *                {@code ID/.default} has {@code aud} = ID and the caller's app roles), the API clients, the users
     *                and the single-page apps they sign in to
     */
    public EntraHandler(TokenService tokens, String baseUrl, EmulatorOptions options, Clock clock) {
        this.tokens = tokens;
        this.baseUrl = baseUrl;
        this.tenantId = options.tenantId();
        this.clientId = options.clientId();
        this.clientSecret = options.clientSecret();
        this.weftAppId = options.weftAppId();
        this.apiClients = options.apiClients().stream().collect(Collectors.toUnmodifiableMap(
                EmulatorOptions.ApiClient::clientId, c -> c, (a, b) -> b));
        this.spaClients = new SpaClients(options.spaClients());
        AuthorizationCodes codes = new AuthorizationCodes(clock);
        this.authorization = new AuthorizationEndpoint(spaClients, options.users(), codes, tenantId, weftAppId);
        this.codeRedemption = new CodeRedemption(spaClients, codes, tokens, tenantId, weftAppId);
    }

    /** Whether this path is one of the Entra endpoints. */
    public boolean handles(String path) {
        return List.of(TOKEN, AUTHORIZE, LOGOUT, DISCOVERY, KEYS).stream().anyMatch(p -> p.matcher(path).matches());
    }

    public void handle(HttpCall call) throws IOException {
        String path = call.rawPath();
        String method = call.method();
        call.header("client-request-id", call.header("client-request-id"));
        Matcher m;
        if ((m = TOKEN.matcher(path)).matches() && "POST".equals(method)) {
            token(call, m.group(1));
        } else if (TOKEN.matcher(path).matches() && "OPTIONS".equals(method)) {
            preflight(call);
        } else if ((m = AUTHORIZE.matcher(path)).matches() && ("GET".equals(method) || "POST".equals(method))) {
            if (tenantPageOk(call, m.group(1))) {
                authorization.authorize(call);
            }
        } else if ((m = LOGOUT.matcher(path)).matches() && "GET".equals(method)) {
            if (tenantPageOk(call, m.group(1))) {
                authorization.logout(call);
            }
        } else if ((m = DISCOVERY.matcher(path)).matches() && "GET".equals(method)) {
            // a browser app reads the discovery document and the keys itself, as MSAL.js does: Entra allows any origin
            call.header("Access-Control-Allow-Origin", "*");
            discovery(call, m.group(1));
        } else if (KEYS.matcher(path).matches() && "GET".equals(method)) {
            call.header("Access-Control-Allow-Origin", "*");
            call.respondJson(200, tokens.jwks());
        } else {
            call.respondJson(405, AadErrors.body("invalid_request", "AADSTS900561: The endpoint only accepts POST requests.", 900561));
        }
    }

    /** A browser page of a single-page app's origin may POST to the token endpoint (a form body, any headers it asks). */
    private void preflight(HttpCall call) throws IOException {
        if (allowCors(call)) {
            call.header("Access-Control-Allow-Methods", "POST, OPTIONS");
            String asked = call.header("Access-Control-Request-Headers");
            call.header("Access-Control-Allow-Headers", asked == null ? "content-type" : asked);
            call.header("Access-Control-Max-Age", "86400");
        }
        call.respondEmpty(204);
    }

    /** Lets the calling page read the answer when its origin is a single-page app's. */
    private boolean allowCors(HttpCall call) {
        String origin = call.header("Origin");
        call.header("Vary", "Origin");
        if (origin == null || !spaClients.anyAllowsOrigin(origin)) {
            return false;
        }
        call.header("Access-Control-Allow-Origin", origin);
        return true;
    }

    private boolean tenantPageOk(HttpCall call, String tenant) throws IOException {
        if (tenantMatches(tenant)) {
            return true;
        }
        SignInPage.error(call, 400, "AADSTS90002: Tenant '" + tenant + "' not found.");
        return false;
    }

    private void discovery(HttpCall call, String tenant) throws IOException {
        if (!tenantMatches(tenant)) {
            call.respondJson(400, AadErrors.body("invalid_tenant", "AADSTS90002: Tenant '" + tenant + "' not found.", 90002));
            return;
        }
        String root = baseUrl + "/" + tenantId;
        ObjectNode doc = HttpCall.JSON.createObjectNode()
                .put("issuer", tokens.issuer())
                .put("token_endpoint", root + "/oauth2/v2.0/token")
                .put("authorization_endpoint", root + "/oauth2/v2.0/authorize")
                .put("end_session_endpoint", root + "/oauth2/v2.0/logout")
                .put("jwks_uri", root + "/discovery/v2.0/keys")
                .put("tenant_region_scope", "EU");
        doc.putArray("response_types_supported").add("code").add("id_token").add("token");
        doc.putArray("subject_types_supported").add("pairwise");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic");
        doc.putArray("grant_types_supported").add("client_credentials").add("authorization_code");
        doc.putArray("code_challenge_methods_supported").add("S256");
        doc.putArray("scopes_supported").add("openid").add("profile").add("email").add("offline_access");
        call.respondJson(200, doc);
    }

    private void token(HttpCall call, String tenant) throws IOException {
        Map<String, String> form = Forms.parse(call.textBody());
        allowCors(call);
        if (!tenantMatches(tenant)) {
            call.respondJson(400, AadErrors.body("invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.", 90002));
            return;
        }
        if ("authorization_code".equals(form.get("grant_type"))) {
            codeRedemption.redeem(call, form);
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            call.respondJson(400, AadErrors.body("unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003));
            return;
        }
        String requester = form.get("client_id");
        EmulatorOptions.ApiClient apiClient = requester == null ? null : apiClients.get(requester);
        if (!clientId.equals(requester) && apiClient == null) {
            call.respondJson(400, AadErrors.body("unauthorized_client", "AADSTS700016: Application with identifier '" + requester
                    + "' was not found in the directory '" + tenantId + "'.", 700016));
            return;
        }
        String expectedSecret = apiClient != null ? apiClient.clientSecret() : clientSecret;
        if (!expectedSecret.equals(form.get("client_secret"))) {
            call.respondJson(401, AadErrors.body("invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request"
                    + " is the client secret value, not the client secret ID, for a secret added to app '" + requester + "'.", 7000215));
            return;
        }
        String resource = null;
        for (String scope : form.getOrDefault("scope", "").split(" ")) {
            if (scope.endsWith("/.default")) {
                resource = scope.substring(0, scope.length() - "/.default".length());
            }
        }
        if (resource == null) {
            call.respondJson(400, AadErrors.body("invalid_scope", "AADSTS1002012: The provided value for scope is not valid."
                    + " Client credential flows must have a scope value with /.default suffixed to the resource identifier.", 1002012));
            return;
        }
        if (resource.equals("api://" + weftAppId)) {
            resource = weftAppId; // v2 tokens name a custom API by its application id
        }
        List<String> roles = apiClient != null && resource.equals(weftAppId) ? apiClient.roles() : List.of();
        long lifetime = tokens.lifetime().toSeconds();
        ObjectNode body = HttpCall.JSON.createObjectNode()
                .put("token_type", "Bearer")
                .put("expires_in", lifetime)
                .put("ext_expires_in", lifetime)
                .put("access_token", tokens.issue(requester, resource, roles, Map.of()));
        call.header("Cache-Control", "no-store, no-cache");
        call.respondJson(200, body);
    }

    private boolean tenantMatches(String tenant) {
        return tenant.equalsIgnoreCase(tenantId) || "organizations".equals(tenant) || "common".equals(tenant);
    }
}
