package io.weft.fabric.emulator;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key Vault's secrets API through the real Azure SDK SecretClient, and its bearer challenge on the wire. */
class KeyVaultSecretsTest {

    private static FabricEmulator emulator;
    private static SecretClient secrets;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast());
        secrets = new SecretClientBuilder()
                .vaultUrl(emulator.keyVaultUrl())
                .credential(EmulatorClients.credential(emulator, emulator.clientSecret()))
                .httpClient(EmulatorClients.azureHttpClient(emulator))
                .disableChallengeResourceVerification()
                .buildClient();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aSecretSetIsReadBackAndARotationAddsAVersionWhileTheOldOneStaysReadable() {
        KeyVaultSecret first = secrets.setSecret("weft-database-password", "first-value");
        assertThat(secrets.getSecret("weft-database-password").getValue()).isEqualTo("first-value");

        KeyVaultSecret second = secrets.setSecret("weft-database-password", "second-value");
        assertThat(second.getProperties().getVersion()).isNotEqualTo(first.getProperties().getVersion());
        assertThat(secrets.getSecret("weft-database-password").getValue()).isEqualTo("second-value");
        assertThat(secrets.getSecret("weft-database-password", first.getProperties().getVersion()).getValue()).isEqualTo("first-value");
        assertThat(secrets.getSecret("WEFT-DATABASE-PASSWORD").getValue()).as("names are case-insensitive").isEqualTo("second-value");
    }

    @Test
    void aSecretSeededThroughTheAdminIsWhatTheSdkReads() {
        emulator.admin().setSecret("seeded", "from-the-admin");
        assertThat(secrets.getSecret("seeded").getValue()).isEqualTo("from-the-admin");
    }

    @Test
    void aMissingSecretIsSecretNotFound() {
        assertThatThrownBy(() -> secrets.getSecret("no-such-secret"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("SecretNotFound")
                .hasMessageContaining("no-such-secret");
    }

    @Test
    void withoutATokenTheVaultAnswersTheChallengeNamingTheTenantAndTheVaultResource() throws Exception {
        emulator.admin().setSecret("challenged", "never-shown");
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.keyVaultUrl() + "/secrets/challenged/?api-version=7.4"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer authorization=\"" + emulator.authorityHost()
                + "/" + emulator.tenantId() + "\", resource=\"https://vault.azure.net\"");
        JsonNode error = EmulatorClients.JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("Unauthorized");
        assertThat(error.path("message").asText()).startsWith("AKV10000:");
        assertThat(response.body()).doesNotContain("never-shown");
    }

    @Test
    void aTokenForAnotherResourceIsRefusedAndNoSecretIsShown() throws Exception {
        emulator.admin().setSecret("guarded", "never-shown-either");
        String fabricToken = emulator.admin().issueToken(emulator.clientId(), "https://api.fabric.microsoft.com", java.util.List.of(), java.util.Map.of());
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.keyVaultUrl() + "/secrets/guarded?api-version=7.4"))
                .header("Authorization", "Bearer " + fabricToken).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("audience").doesNotContain("never-shown-either");
    }

    @Test
    void anUnknownApiVersionAndAnInvalidNameAreBadParameter() throws Exception {
        String token = emulator.admin().issueToken(emulator.clientId(), "https://vault.azure.net", java.util.List.of(), java.util.Map.of());
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        HttpResponse<String> version = http.send(HttpRequest.newBuilder(URI.create(emulator.keyVaultUrl() + "/secrets/x?api-version=1.0"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> name = http.send(HttpRequest.newBuilder(URI.create(emulator.keyVaultUrl() + "/secrets/bad_name?api-version=7.4"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"v\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(version.body()).contains("BadParameter");
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(name.body()).contains("BadParameter").contains("bad_name");
    }
}
