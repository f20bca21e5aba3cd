package io.weft.fabric.emulator.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.entra.TokenService;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Key Vault's secrets API ({@code /secrets/{name}[/{version}]}, get and set) on the emulator's host, with the
 * bearer challenge the Azure SDK's {@code KeyVaultCredentialPolicy} expects: a request without an acceptable token is
 * answered 401 with {@code WWW-Authenticate: Bearer authorization="<authority>/<tenant>", resource="https://vault.azure.net"}
 * before anything else is looked at (the SDK's first request carries neither token nor body).
 */
public final class KeyVaultHandler {

    /** The audience of Key Vault tokens ({@code https://vault.azure.net/.default}). */
    public static final String AUDIENCE = "https://vault.azure.net";
    private static final Pattern SECRET = Pattern.compile("^/secrets/([^/]+)(?:/([^/]*))?/?$");
    private static final Pattern NAME = Pattern.compile("^[0-9a-zA-Z-]{1,127}$");
    private static final Set<String> API_VERSIONS = Set.of("7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01");

    private final SecretStore store;
    private final TokenService tokens;
    private final String vaultUrl;
    private final String authority;

    /**
     * @param vaultUrl  the vault's URL as secret ids name it (the emulator's base URL)
     * @param authority the Entra authority with the tenant, as the challenge names it ({@code https://host:port/tenant})
     */
    public KeyVaultHandler(SecretStore store, TokenService tokens, String vaultUrl, String authority) {
        this.store = store;
        this.tokens = tokens;
        this.vaultUrl = vaultUrl;
        this.authority = authority;
    }

    /** Whether this path is the secrets API. */
    public boolean handles(String path) {
        return path.equals("/secrets") || path.startsWith("/secrets/");
    }

    public void handle(HttpCall call) throws IOException {
        Optional<TokenService.Rejection> rejection = tokens.check(call.header("Authorization"), AUDIENCE);
        if (rejection.isPresent()) {
            drain(call);
            call.header("WWW-Authenticate", "Bearer authorization=\"" + authority + "\", resource=\"" + AUDIENCE + "\"");
            String message = call.header("Authorization") == null ? "AKV10000: Request is missing a Bearer or PoP token."
                    : "AKV10022: " + rejection.get().message() + ".";
            call.respondJson(401, error("Unauthorized", message));
            return;
        }
        String apiVersion = call.query("api-version");
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
            drain(call);
            call.respondJson(400, error("BadParameter", apiVersion == null ? "The request URI must contain an api-version query parameter."
                    : "The specified version (" + apiVersion + ") is not recognized. Consider using the latest supported version (2025-07-01)."));
            return;
        }
        Matcher m = SECRET.matcher(call.rawPath());
        if (!m.matches()) {
            drain(call);
            call.respondJson(404, error("NotFound", "The requested resource was not found."));
            return;
        }
        String name = m.group(1);
        String version = m.group(2);
        switch (call.method()) {
            case "GET" -> get(call, name, version);
            case "PUT" -> {
                if (version != null && !version.isEmpty()) {
                    drain(call);
                    call.respondJson(405, error("BadParameter", "A secret version cannot be set; PUT /secrets/{name}."));
                } else {
                    set(call, name);
                }
            }
            default -> {
                drain(call);
                call.respondJson(405, error("BadParameter", "The method " + call.method() + " is not allowed here."));
            }
        }
    }

    private void get(HttpCall call, String name, String version) throws IOException {
        Optional<SecretStore.SecretVersion> secret = store.get(name, version);
        if (secret.isEmpty()) {
            String id = version == null || version.isEmpty() ? name : name + "/" + version;
            call.respondJson(404, error("SecretNotFound", "A secret with (name/id) " + id + " was not found in this key vault. If you"
                    + " recently deleted this secret you may be able to recover it using the correct recovery command. For help"
                    + " resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"));
            return;
        }
        call.respondJson(200, bundle(secret.get()));
    }

    private void set(HttpCall call, String name) throws IOException {
        JsonNode body;
        try {
            body = call.jsonBody();
        } catch (IOException e) {
            call.respondJson(400, error("BadParameter", "The request body is not valid JSON."));
            return;
        }
        if (!NAME.matcher(name).matches()) {
            call.respondJson(400, error("BadParameter", "The request URI contains an invalid name: " + name));
            return;
        }
        if (body == null || !body.path("value").isTextual()) {
            call.respondJson(400, error("BadParameter", "Property value is required."));
            return;
        }
        String contentType = body.path("contentType").isTextual() ? body.path("contentType").asText() : null;
        call.respondJson(200, bundle(store.set(name, body.path("value").asText(), contentType)));
    }

    private ObjectNode bundle(SecretStore.SecretVersion secret) {
        ObjectNode bundle = HttpCall.JSON.createObjectNode()
                .put("value", secret.value())
                .put("id", vaultUrl + "/secrets/" + secret.name() + "/" + secret.version());
        if (secret.contentType() != null) {
            bundle.put("contentType", secret.contentType());
        }
        bundle.putObject("attributes")
                .put("enabled", true)
                .put("created", secret.created())
                .put("updated", secret.created())
                .put("recoverableDays", 90)
                .put("recoveryLevel", "Recoverable+Purgeable");
        bundle.putObject("tags");
        return bundle;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode body = HttpCall.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    /** Unread request bytes make the JDK server reset the connection; a refusal reads them first. */
    private static void drain(HttpCall call) throws IOException {
        try (InputStream unread = call.body()) {
            unread.transferTo(OutputStream.nullOutputStream());
        }
    }
}
