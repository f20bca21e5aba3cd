package io.weft.fabric.emulator;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real Azure SDK clients and a plain HTTPS client, all trusting only the emulator's certificate. */
final class EmulatorClients {

    static final ObjectMapper JSON = new ObjectMapper();

    private final FabricEmulator emulator;
    private final java.net.http.HttpClient http;
    private final TokenCredential credential;

    EmulatorClients(FabricEmulator emulator) {
        this.emulator = emulator;
        this.http = java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext()).connectTimeout(Duration.ofSeconds(10)).build();
        this.credential = credential(emulator, emulator.clientSecret());
    }

    static TokenCredential credential(FabricEmulator emulator, String secret) {
        return new ClientSecretCredentialBuilder()
                .tenantId(emulator.tenantId())
                .clientId(emulator.clientId())
                .clientSecret(secret)
                .authorityHost(emulator.authorityHost())
                .disableInstanceDiscovery()
                .httpClient(azureHttpClient(emulator))
                .build();
    }

    static HttpClient azureHttpClient(FabricEmulator emulator) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build();
    }

    TokenCredential credential() {
        return credential;
    }

    DataLakeServiceClient dataLake() {
        return new DataLakeServiceClientBuilder()
                .endpoint(emulator.oneLakeUrl())
                .credential(credential)
                .httpClient(azureHttpClient(emulator))
                .buildClient();
    }

    private volatile com.azure.core.credential.AccessToken fabricToken;

    /** A Fabric token, reused until shortly before it expires (MSAL's cache misses on a non-443 authority). */
    String fabricToken() {
        var token = fabricToken;
        if (token == null || token.getExpiresAt().isBefore(java.time.OffsetDateTime.now().plusMinutes(5))) {
            token = credential.getTokenSync(new TokenRequestContext().addScopes("https://api.fabric.microsoft.com/.default"));
            fabricToken = token;
        }
        return token.getToken();
    }

    java.net.http.HttpClient http() {
        return http;
    }

    /** A Fabric REST call with a valid token; {@code path} is relative to /v1 or absolute. */
    Response fabric(String method, String path, Object body) {
        String url = path.startsWith("https://") ? path : emulator.fabricApiUrl() + path;
        return send(method, url, body, "Bearer " + fabricToken());
    }

    Response send(String method, String url, Object body, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
            if (body != null) {
                request.header("Content-Type", "application/json");
                publisher = HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body));
            }
            HttpResponse<String> response = http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response with its JSON body. */
    record Response(HttpResponse<String> raw) {
        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return raw.body().isEmpty() ? JSON.nullNode() : JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }

    /** A JWT's claims, decoded (not verified). */
    static JsonNode claims(String token) {
        return jwtPart(token.split("\\.")[1]);
    }

    /** One base64url part of a JWT (header or claims) as JSON. */
    static JsonNode jwtPart(String part) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new IllegalStateException("not a JWT part", e);
        }
    }
}
