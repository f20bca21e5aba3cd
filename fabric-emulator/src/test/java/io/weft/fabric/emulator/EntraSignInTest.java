package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A single-page app signs a user in through the emulator's Entra over real HTTPS, as a browser would: the
 * authorization endpoint's form, its POST, the redirect with a code, the code redeemed cross-origin with its PKCE
 * verifier; and every refusal Entra would make.
 */
class EntraSignInTest {

    static final String SPA = "weft-dashboard";
    static final String APP = "http://localhost:8080/";
    static final String ORIGIN = "http://localhost:8080";
    static final String PASSWORD = "correct-horse-battery";

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast()
                .user(new EmulatorOptions.User("ada@weft.example", PASSWORD, List.of("Weft.Read", "Weft.Cancel"), List.of("sales-readers")))
                .spaClient(new EmulatorOptions.SpaClient(SPA, List.of("http://localhost/", "https://weft.example/dashboard/"))));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void theCodeFlowWithPkceGivesTokensOfTheUserThatTheJwksValidates() throws Exception {
        String verifier = "verifier-" + "x".repeat(50);
        String redirect = signIn(authorizeQuery(APP, s256(verifier)), "ada@weft.example", PASSWORD);
        assertThat(redirect).startsWith(APP + "?code=");
        Map<String, String> answer = query(redirect);
        assertThat(answer.get("state")).isEqualTo("state-1");
        assertThat(answer.get("session_state")).isNotBlank();

        var tokens = redeem(answer.get("code"), verifier, APP, ORIGIN);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(tokens.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.json().path("expires_in").asLong()).isGreaterThan(600);
        assertThat(tokens.json().path("scope").asText()).contains("api://" + emulator.weftAppId() + "/.default");

        String accessToken = tokens.json().path("access_token").asText();
        assertSignedByTheJwks(accessToken);
        JsonNode access = EmulatorClients.claims(accessToken);
        assertThat(access.path("aud").asText()).isEqualTo(emulator.weftAppId());
        assertThat(access.path("iss").asText()).isEqualTo(emulator.issuer());
        assertThat(access.path("tid").asText()).isEqualTo(emulator.tenantId());
        assertThat(access.path("azp").asText()).isEqualTo(SPA);
        assertThat(access.path("name").asText()).isEqualTo("ada@weft.example");
        assertThat(access.path("preferred_username").asText()).isEqualTo("ada@weft.example");
        assertThat(access.path("oid").asText()).isEqualTo(new EmulatorOptions.User("ada@weft.example", "", List.of(), List.of()).objectId());
        assertThat(access.path("roles")).extracting(JsonNode::asText).containsExactly("Weft.Read", "Weft.Cancel");
        assertThat(access.path("groups")).extracting(JsonNode::asText).containsExactly("sales-readers");
        assertThat(access.path("idtyp").asText()).as("not an app-only token").isNotEqualTo("app");

        String idToken = tokens.json().path("id_token").asText();
        assertSignedByTheJwks(idToken);
        assertThat(EmulatorClients.claims(idToken).path("aud").asText()).isEqualTo(SPA);
        assertThat(EmulatorClients.claims(idToken).path("nonce").asText()).isEqualTo("nonce-1");

        // a code is good once
        var again = redeem(answer.get("code"), verifier, APP, ORIGIN);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(again.json().path("error_codes").get(0).asInt()).isEqualTo(54005);
    }

    @Test
    void aWrongVerifierIsRefusedAndSpendsTheCode() throws Exception {
        String verifier = "the-right-verifier-" + "y".repeat(40);
        String code = query(signIn(authorizeQuery(APP, s256(verifier)), "ADA@weft.example", PASSWORD)).get("code");

        var wrong = redeem(code, "another-verifier-" + "z".repeat(40), APP, ORIGIN);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(wrong.json().path("error_description").asText()).startsWith("AADSTS501481:");
        assertThat(wrong.json().has("access_token")).isFalse();
        assertThat(redeem(code, verifier, APP, ORIGIN).json().path("error_codes").get(0).asInt()).isEqualTo(54005);
    }

    @Test
    void theTokenRequestMustRepeatTheRedirectUriAndComeFromTheAppsOrigin() throws Exception {
        String verifier = "v".repeat(64);
        String code = query(signIn(authorizeQuery(APP, s256(verifier)), "ada@weft.example", PASSWORD)).get("code");
        var fromAServer = redeem(code, verifier, APP, null);
        assertThat(fromAServer.json().path("error_codes").get(0).asInt()).isEqualTo(9002327);

        String other = query(signIn(authorizeQuery(APP, s256(verifier)), "ada@weft.example", PASSWORD)).get("code");
        var otherRedirect = redeem(other, verifier, "https://weft.example/dashboard/", ORIGIN);
        assertThat(otherRedirect.json().path("error_codes").get(0).asInt()).isEqualTo(500112);

        var foreignOrigin = redeem("whatever", verifier, APP, "https://evil.example");
        assertThat(foreignOrigin.header("Access-Control-Allow-Origin")).isNull();
        assertThat(foreignOrigin.json().path("error_codes").get(0).asInt()).isEqualTo(9002326);

        var unknown = redeem("not-a-code", verifier, APP, ORIGIN);
        assertThat(unknown.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(unknown.json().path("error_codes").get(0).asInt()).isEqualTo(70008);
    }

    @Test
    void anUnregisteredRedirectUriGetsAnErrorPageAndNoRedirect() throws Exception {
        var response = get(emulator.authorizeUrl() + "?" + authorizeQuery("https://evil.example/steal", s256("v".repeat(50))));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("AADSTS50011").contains("https://evil.example/steal").doesNotContain("<form");

        var unknownClient = get(emulator.authorizeUrl() + "?" + authorizeQuery(APP, s256("v".repeat(50))).replace(SPA, "nobody"));
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
        assertThat(unknownClient.body()).contains("AADSTS700016");

        // the redirect URI cannot be changed in the form's POST either
        var tampered = post(emulator.authorizeUrl(), form(Map.of("client_id", SPA, "redirect_uri", "https://evil.example/",
                "response_type", "code", "scope", "api://" + emulator.weftAppId() + "/.default", "code_challenge", s256("v".repeat(50)),
                "code_challenge_method", "S256", "login", "ada@weft.example", "passwd", PASSWORD)), null);
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void withoutPkceOrWeftsScopeTheRefusalGoesBackToTheApp() throws Exception {
        String noPkce = authorizeQuery(APP, s256("v".repeat(50))).replaceAll("&code_challenge=[^&]*", "");
        var refused = get(emulator.authorizeUrl() + "?" + noPkce);
        assertThat(refused.statusCode()).isEqualTo(302);
        Map<String, String> answer = query(refused.headers().firstValue("Location").orElseThrow());
        assertThat(answer.get("error")).isEqualTo("invalid_request");
        assertThat(answer.get("error_description")).startsWith("AADSTS9002325");
        assertThat(answer.get("state")).isEqualTo("state-1");
        assertThat(answer).doesNotContainKey("code");

        String graph = authorizeQuery(APP, s256("v".repeat(50))).replace(enc("api://" + emulator.weftAppId() + "/.default"),
                enc("https://graph.microsoft.com/.default"));
        assertThat(query(get(emulator.authorizeUrl() + "?" + graph).headers().firstValue("Location").orElseThrow()).get("error"))
                .isEqualTo("invalid_scope");
    }

    @Test
    void aWrongPasswordShowsTheFormAgainWithAnErrorAndNeverThePassword() throws Exception {
        var page = get(emulator.authorizeUrl() + "?" + authorizeQuery(APP, s256("v".repeat(50))));
        Map<String, String> fields = hiddenFields(page.body());
        fields.put("login", "ada@weft.example");
        fields.put("passwd", "not-" + PASSWORD);
        var again = post(emulator.authorizeUrl(), form(fields), null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Location")).isEmpty();
        assertThat(again.body()).contains("Your account or password is incorrect").contains("<form")
                .contains("value=\"ada@weft.example\"").doesNotContain("not-" + PASSWORD);

        fields.put("login", "nobody@weft.example");
        fields.put("passwd", PASSWORD);
        assertThat(post(emulator.authorizeUrl(), form(fields), null).body()).contains("Your account or password is incorrect");
    }

    @Test
    void theTokenEndpointAnswersTheAppsPreflightOnly() throws Exception {
        var preflight = clients.http().send(HttpRequest.newBuilder(URI.create(emulator.tokenUrl()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:5173");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");

        var foreign = clients.http().send(HttpRequest.newBuilder(URI.create(emulator.tokenUrl()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void discoveryNamesTheSignInEndpointsAndLogoutReturnsOnlyToARegisteredUri() throws Exception {
        var discovery = clients.send("GET", emulator.issuer() + "/.well-known/openid-configuration", null, null);
        assertThat(discovery.json().path("authorization_endpoint").asText()).isEqualTo(emulator.authorizeUrl());
        assertThat(discovery.json().path("end_session_endpoint").asText()).endsWith("/oauth2/v2.0/logout");
        assertThat(discovery.json().path("code_challenge_methods_supported")).extracting(JsonNode::asText).containsExactly("S256");
        assertThat(discovery.header("Access-Control-Allow-Origin")).isEqualTo("*");

        String logout = discovery.json().path("end_session_endpoint").asText();
        var back = get(logout + "?post_logout_redirect_uri=" + enc("http://localhost:9999/"));
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).contains("http://localhost:9999/");

        var elsewhere = get(logout + "?post_logout_redirect_uri=" + enc("https://evil.example/"));
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
        assertThat(elsewhere.body()).contains("You signed out");
    }

    @Test
    void usersAndSpaClientsParseFromTheirSettingsAndNeverPrintAPassword() {
        var users = EmulatorOptions.User.parse("operator:pw1:Weft.Read,Weft.Admin;reader:pw2:Weft.Read:g1,g2; guest:pw3");
        assertThat(users).extracting(EmulatorOptions.User::name).containsExactly("operator", "reader", "guest");
        assertThat(users.get(0).roles()).containsExactly("Weft.Read", "Weft.Admin");
        assertThat(users.get(1).groups()).containsExactly("g1", "g2");
        assertThat(users.get(2).roles()).isEmpty();
        assertThat(users.toString()).doesNotContain("pw1", "pw2", "pw3");
        assertThat(users.get(0).objectId()).isEqualTo(EmulatorOptions.User.parse("operator:other").get(0).objectId());
        assertThatThrownBy(() -> EmulatorOptions.User.parse("lonely")).isInstanceOf(IllegalArgumentException.class);

        var spas = EmulatorOptions.SpaClient.parse("dash:http://localhost:8082/,https://weft.example/;other:http://127.0.0.1/");
        assertThat(spas).extracting(EmulatorOptions.SpaClient::clientId).containsExactly("dash", "other");
        assertThat(spas.get(0).redirectUris()).containsExactly("http://localhost:8082/", "https://weft.example/");
        assertThatThrownBy(() -> EmulatorOptions.SpaClient.parse("dash")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- a browser's part ----------------------------------------------------------------------------------------

    private String authorizeQuery(String redirectUri, String challenge) {
        return "client_id=" + SPA + "&response_type=code&redirect_uri=" + enc(redirectUri)
                + "&scope=" + enc("api://" + emulator.weftAppId() + "/.default openid profile offline_access")
                + "&state=state-1&nonce=nonce-1&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    /** GETs the form, posts it back with its hidden fields and the credentials, returns where it redirects. */
    private String signIn(String authorizeQuery, String login, String password) throws Exception {
        var page = get(emulator.authorizeUrl() + "?" + authorizeQuery);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(page.body());
        assertThat(action.find()).isTrue();
        Map<String, String> fields = hiddenFields(page.body());
        fields.put("login", login);
        fields.put("passwd", password);
        var submitted = post(emulator.baseUrl() + unescape(action.group(1)), form(fields), null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(302);
        return submitted.headers().firstValue("Location").orElseThrow();
    }

    private EmulatorClients.Response redeem(String code, String verifier, String redirectUri, String origin) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", SPA);
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("redirect_uri", redirectUri);
        fields.put("code_verifier", verifier);
        return new EmulatorClients.Response(post(emulator.tokenUrl(), form(fields), origin));
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return clients.http().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return clients.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String location) {
        String query = URI.create(location).getRawQuery();
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The token's RS256 signature verifies with the JWKS key its header names, as quarkus-oidc checks it. */
    private static void assertSignedByTheJwks(String token) throws Exception {
        String[] parts = token.split("\\.");
        String kid = EmulatorClients.jwtPart(parts[0]).path("kid").asText();
        var jwks = clients.send("GET", emulator.baseUrl() + "/" + emulator.tenantId() + "/discovery/v2.0/keys", null, null).json();
        JsonNode key = null;
        for (JsonNode k : jwks.path("keys")) {
            if (k.path("kid").asText().equals(kid)) {
                key = k;
            }
        }
        assertThat(key).as("JWKS key " + kid).isNotNull();
        Base64.Decoder b64 = Base64.getUrlDecoder();
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, b64.decode(key.path("n").asText())), new BigInteger(1, b64.decode(key.path("e").asText()))));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(publicKey);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(signature.verify(b64.decode(parts[2]))).as("signature of the token").isTrue();
    }
}
