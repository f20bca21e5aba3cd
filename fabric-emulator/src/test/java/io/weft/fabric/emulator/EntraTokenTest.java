package io.weft.fabric.emulator;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real azure-identity ClientSecretCredential against the emulator's Entra endpoints, and token checks. */
class EntraTokenTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults()
                .apiClient(new EmulatorOptions.ApiClient("demo-client", "demo-secret", java.util.List.of("Weft.Submit", "Weft.Read"))));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void clientSecretCredentialGetsTokensWhoseAudienceIsTheRequestedResource() throws Exception {
        AccessToken fabric = clients.credential().getTokenSync(new TokenRequestContext().addScopes("https://api.fabric.microsoft.com/.default"));
        AccessToken storage = clients.credential().getTokenSync(new TokenRequestContext().addScopes("https://storage.azure.com/.default"));
        assertThat(EmulatorClients.claims(fabric.getToken()).path("aud").asText()).isEqualTo("https://api.fabric.microsoft.com");
        assertThat(EmulatorClients.claims(storage.getToken()).path("aud").asText()).isEqualTo("https://storage.azure.com");
        assertThat(EmulatorClients.claims(fabric.getToken()).path("tid").asText()).isEqualTo(emulator.tenantId());
        assertThat(fabric.getExpiresAt()).isAfter(OffsetDateTime.now().plusMinutes(30));
    }

    @Test
    void wrongSecretIsRefusedInTheAadErrorShape() {
        var wrong = EmulatorClients.credential(emulator, "not-the-secret");
        assertThatThrownBy(() -> wrong.getTokenSync(new TokenRequestContext().addScopes("https://api.fabric.microsoft.com/.default")))
                .hasRootCauseInstanceOf(com.microsoft.aad.msal4j.MsalServiceException.class)
                .hasMessageContaining("AADSTS7000215");

        var response = clients.send("POST", emulator.authorityHost() + "/" + emulator.tenantId() + "/oauth2/v2.0/token",
                null, null);
        assertThat(response.status()).isEqualTo(400);
        var form = "grant_type=client_credentials&client_id=" + emulator.clientId() + "&client_secret=nope&scope=https%3A%2F%2Fapi.fabric.microsoft.com%2F.default";
        var raw = sendForm(form);
        assertThat(raw.status()).isEqualTo(401);
        assertThat(raw.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(raw.json().path("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(raw.json().has("trace_id")).isTrue();
        assertThat(raw.json().has("correlation_id")).isTrue();
    }

    @Test
    void discoveryAndJwksDescribeTheSigningKey() {
        var discovery = clients.send("GET", emulator.authorityHost() + "/" + emulator.tenantId() + "/v2.0/.well-known/openid-configuration", null, null);
        assertThat(discovery.status()).isEqualTo(200);
        String jwksUri = discovery.json().path("jwks_uri").asText();
        assertThat(discovery.json().path("issuer").asText()).isEqualTo(emulator.authorityHost() + "/" + emulator.tenantId() + "/v2.0");
        var jwks = clients.send("GET", jwksUri, null, null);
        JsonNode key = jwks.json().path("keys").get(0);
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        String token = clients.fabricToken();
        JsonNode header = EmulatorClients.jwtPart(token.split("\\.")[0]);
        assertThat(header.path("kid").asText()).isEqualTo(key.path("kid").asText());
        assertThat(EmulatorClients.claims(token).path("iss").asText()).isEqualTo(discovery.json().path("issuer").asText());
    }

    @Test
    void fabricCallsNeedAFabricTokenAndOneLakeCallsAStorageToken() {
        var noToken = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.header("x-ms-public-api-error-code")).isEqualTo("Unauthorized");
        assertThat(noToken.header("RequestId")).isNotBlank();
        assertThat(noToken.json().path("errorCode").asText()).isEqualTo("Unauthorized");
        assertThat(noToken.json().path("requestId").asText()).isEqualTo(noToken.header("RequestId"));

        String storageToken = clients.credential().getTokenSync(new TokenRequestContext().addScopes("https://storage.azure.com/.default")).getToken();
        var wrongAudience = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, "Bearer " + storageToken);
        assertThat(wrongAudience.status()).isEqualTo(401);

        var forged = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, "Bearer " + tamper(clients.fabricToken()));
        assertThat(forged.status()).isEqualTo(401);

        var fabricTokenOnOneLake = clients.send("HEAD", emulator.oneLakeUrl() + "/ws/item.Lakehouse/Files/x", null, "Bearer " + clients.fabricToken());
        assertThat(fabricTokenOnOneLake.status()).isEqualTo(401);
        assertThat(fabricTokenOnOneLake.header("x-ms-error-code")).isEqualTo("InvalidAuthenticationInfo");

        var ok = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, "Bearer " + clients.fabricToken());
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void anApiClientGetsATokenForWeftsAppIdWithItsAppRolesAndNoneForOtherResources() {
        String scope = java.net.URLEncoder.encode("api://" + emulator.weftAppId() + "/.default", StandardCharsets.UTF_8);
        var weft = sendForm("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret&scope=" + scope);
        assertThat(weft.status()).isEqualTo(200);
        JsonNode claims = EmulatorClients.claims(weft.json().path("access_token").asText());
        assertThat(claims.path("aud").asText()).isEqualTo(emulator.weftAppId());
        assertThat(claims.path("azp").asText()).isEqualTo("demo-client");
        assertThat(claims.path("roles")).extracting(JsonNode::asText).containsExactly("Weft.Submit", "Weft.Read");
        assertThat(claims.path("iss").asText()).isEqualTo(emulator.issuer());

        var fabric = sendForm("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret&scope=https%3A%2F%2Fapi.fabric.microsoft.com%2F.default");
        assertThat(EmulatorClients.claims(fabric.json().path("access_token").asText()).has("roles")).isFalse();

        var wrongSecret = sendForm("grant_type=client_credentials&client_id=demo-client&client_secret=nope&scope=" + scope);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.raw().body()).doesNotContain("demo-secret");
    }

    @Test
    void apiClientsParseFromTheirSettingAndNeverPrintTheirSecret() {
        var clients = EmulatorOptions.ApiClient.parse("a:s1:Weft.Admin; b:s2:Weft.Read,Weft.Cancel;c:s3");
        assertThat(clients).extracting(EmulatorOptions.ApiClient::clientId).containsExactly("a", "b", "c");
        assertThat(clients.get(1).roles()).containsExactly("Weft.Read", "Weft.Cancel");
        assertThat(clients.get(2).roles()).isEmpty();
        assertThat(clients.toString()).doesNotContain("s1", "s2", "s3");
        assertThatThrownBy(() -> EmulatorOptions.ApiClient.parse("lonely")).isInstanceOf(IllegalArgumentException.class);
    }

    private EmulatorClients.Response sendForm(String form) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.authorityHost() + "/" + emulator.tenantId() + "/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build();
            return new EmulatorClients.Response(clients.http().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"tid\"", "\"tjd\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
