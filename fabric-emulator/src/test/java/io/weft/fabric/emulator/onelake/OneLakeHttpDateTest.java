package io.weft.fabric.emulator.onelake;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates in OneLake responses are RFC 9110 IMF-fixdates as storage sends them: a two-digit day, which azure-core's
 * parser expects (a one-digit day makes it log an error and fall back).
 */
class OneLakeHttpDateTest {

    private static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

    static FabricEmulator emulator;
    static HttpClient http;
    static String token;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults());
        String workspaceId = emulator.admin().createWorkspace("Dates");
        emulator.admin().createLakehouse(workspaceId, "Lake", false);
        http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        token = new ClientSecretCredentialBuilder().tenantId(emulator.tenantId()).clientId(emulator.clientId())
                .clientSecret(emulator.clientSecret()).authorityHost(emulator.authorityHost()).disableInstanceDiscovery()
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
                .build().getTokenSync(new TokenRequestContext().addScopes("https://storage.azure.com/.default")).getToken();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void singleDigitDayIsZeroPadded() throws Exception {
        HttpResponse<Void> container = send("GET", "/Dates?restype=container");

        assertThat(container.statusCode()).isEqualTo(200);
        assertThat(container.headers().firstValue("Last-Modified")).contains("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    void pathDatesAreImfFixdates() throws Exception {
        assertThat(send("PUT", "/Dates/Lake.Lakehouse/Files/dated.txt?resource=file").statusCode()).isEqualTo(201);

        HttpResponse<Void> head = send("HEAD", "/Dates/Lake.Lakehouse/Files/dated.txt");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Last-Modified")).hasValueSatisfying(v -> assertThat(v).matches(IMF_FIXDATE));
        assertThat(head.headers().firstValue("x-ms-creation-time")).hasValueSatisfying(v -> assertThat(v).matches(IMF_FIXDATE));
    }

    private static HttpResponse<Void> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.oneLakeUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("x-ms-version", "2026-10-06")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }
}
