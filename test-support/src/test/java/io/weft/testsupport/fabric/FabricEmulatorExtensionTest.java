package io.weft.testsupport.fabric;

import io.weft.fabric.emulator.FabricEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(FabricEmulatorExtension.class)
class FabricEmulatorExtensionTest {

    @Test
    void resolvesARunningEmulatorAndTheClientConfigurationPointsAtIt(FabricEmulator emulator) throws Exception {
        Map<String, String> properties = FabricEmulatorResource.properties(emulator);
        assertThat(properties).containsEntry("weft.fabric.api-url", emulator.fabricApiUrl())
                .containsEntry("weft.fabric.onelake-url", emulator.oneLakeUrl())
                .containsEntry("weft.fabric.power-bi.api-url", emulator.powerBiApiUrl())
                .containsEntry("weft.fabric.auth.method", "client-secret")
                .containsEntry("weft.fabric.auth.client-secret", emulator.clientSecret());
        assertThat(Files.readString(emulator.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");

        HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(URI.create(
                properties.get("weft.fabric.auth.authority-host") + "/" + emulator.tenantId() + "/v2.0/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        HttpResponse<String> unauthenticated = http.send(HttpRequest.newBuilder(URI.create(properties.get("weft.fabric.api-url") + "/workspaces")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
    }
}
