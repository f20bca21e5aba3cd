package io.weft.fabric.emulator.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Entra (AAD v2) endpoints MSAL and quarkus-oidc call: client-credentials token, OIDC discovery, JWKS.
 */
public final class EntraHandler {

    private static final Pattern TOKEN = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
    private static final Pattern DISCOVERY = Pattern.compile("^/([^/]+)/v2\\.0/\\.well-known/openid-configuration$");
    private static final Pattern KEYS = Pattern.compile("^/([^/]+)/discovery/v2\\.0/keys$");

    private final TokenService tokens;
    private final String baseUrl;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final String weftAppId;
    private final java.util.Map<String, io.weft.fabric.emulator.EmulatorOptions.ApiClient> apiClients;

    public EntraHandler(TokenService tokens, String baseUrl, String tenantId, String clientId, String clientSecret) {
        this(tokens, baseUrl, tenantId, clientId, clientSecret, io.weft.fabric.emulator.EmulatorOptions.DEFAULT_WEFT_APP_ID, java.util.List.of());
    }

    /**
     * @param weftAppId  the application id of Weft's API: a token for it ({@code api://ID/.default} or
     *                   {@code ID/.default}) has {@code aud} = ID and the client's app roles
     * @param apiClients the client apps that may get tokens besides the Fabric client
     */
    public EntraHandler(TokenService tokens, String baseUrl, String tenantId, String clientId, String clientSecret,
                        String weftAppId, java.util.List<io.weft.fabric.emulator.EmulatorOptions.ApiClient> apiClients) {
        this.weftAppId = weftAppId;
        this.apiClients = apiClients.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                io.weft.fabric.emulator.EmulatorOptions.ApiClient::clientId, c -> c, (a, b) -> b));
        this.tokens = tokens;
        this.baseUrl = baseUrl;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Whether this path is one of the Entra endpoints. */
    public boolean handles(String path) {
        return TOKEN.matcher(path).matches() || DISCOVERY.matcher(path).matches() || KEYS.matcher(path).matches();
    }

    public void handle(HttpCall call) throws IOException {
        String path = call.rawPath();
        call.header("client-request-id", call.header("client-request-id"));
        Matcher m;
        if ((m = TOKEN.matcher(path)).matches() && "POST".equals(call.method())) {
            token(call, m.group(1));
        } else if ((m = DISCOVERY.matcher(path)).matches() && "GET".equals(call.method())) {
            discovery(call, m.group(1));
        } else if (KEYS.matcher(path).matches() && "GET".equals(call.method())) {
            call.respondJson(200, tokens.jwks());
        } else {
            call.respondJson(405, aadError("invalid_request", "AADSTS900561: The endpoint only accepts POST requests.", 900561));
        }
    }

    private void discovery(HttpCall call, String tenant) throws IOException {
        if (!tenantMatches(tenant)) {
            call.respondJson(400, aadError("invalid_tenant", "AADSTS90002: Tenant '" + tenant + "' not found.", 90002));
            return;
        }
        String root = baseUrl + "/" + tenantId;
        ObjectNode doc = HttpCall.JSON.createObjectNode()
                .put("issuer", tokens.issuer())
                .put("token_endpoint", root + "/oauth2/v2.0/token")
                .put("authorization_endpoint", root + "/oauth2/v2.0/authorize")
                .put("jwks_uri", root + "/discovery/v2.0/keys")
                .put("tenant_region_scope", "EU");
        doc.putArray("response_types_supported").add("code").add("id_token").add("token");
        doc.putArray("subject_types_supported").add("pairwise");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic");
        doc.putArray("grant_types_supported").add("client_credentials");
        call.respondJson(200, doc);
    }

    private void token(HttpCall call, String tenant) throws IOException {
        Map<String, String> form = io.weft.fabric.emulator.http.Forms.parse(call.textBody());
        if (!tenantMatches(tenant)) {
            call.respondJson(400, aadError("invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.", 90002));
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            call.respondJson(400, aadError("unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003));
            return;
        }
        String requester = form.get("client_id");
        io.weft.fabric.emulator.EmulatorOptions.ApiClient apiClient = requester == null ? null : apiClients.get(requester);
        if (!clientId.equals(requester) && apiClient == null) {
            call.respondJson(400, aadError("unauthorized_client", "AADSTS700016: Application with identifier '" + requester
                    + "' was not found in the directory '" + tenantId + "'.", 700016));
            return;
        }
        String expectedSecret = apiClient != null ? apiClient.clientSecret() : clientSecret;
        if (!expectedSecret.equals(form.get("client_secret"))) {
            call.respondJson(401, aadError("invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request"
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
            call.respondJson(400, aadError("invalid_scope", "AADSTS1002012: The provided value for scope is not valid."
                    + " Client credential flows must have a scope value with /.default suffixed to the resource identifier.", 1002012));
            return;
        }
        if (resource.equals("api://" + weftAppId)) {
            resource = weftAppId; // v2 tokens name a custom API by its application id
        }
        java.util.List<String> roles = apiClient != null && resource.equals(weftAppId) ? apiClient.roles() : java.util.List.of();
        long lifetime = tokens.lifetime().toSeconds();
        ObjectNode body = HttpCall.JSON.createObjectNode()
                .put("token_type", "Bearer")
                .put("expires_in", lifetime)
                .put("ext_expires_in", lifetime)
                .put("access_token", tokens.issue(requester, resource, roles, java.util.Map.of()));
        call.header("Cache-Control", "no-store, no-cache");
        call.respondJson(200, body);
    }

    private boolean tenantMatches(String tenant) {
        return tenant.equalsIgnoreCase(tenantId) || "organizations".equals(tenant) || "common".equals(tenant);
    }

    private static ObjectNode aadError(String error, String description, int code) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        ObjectNode body = HttpCall.JSON.createObjectNode()
                .put("error", error)
                .put("error_description", description + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId
                        + "\r\nTimestamp: " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        body.putArray("error_codes").add(code);
        body.put("timestamp", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()))
                .put("trace_id", traceId)
                .put("correlation_id", correlationId)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return body;
    }
}
