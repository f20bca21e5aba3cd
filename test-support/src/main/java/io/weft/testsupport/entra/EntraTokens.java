package io.weft.testsupport.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Access tokens for Weft's API from the {@link EntraResource}'s tenant, fetched as any client does (client
 * credentials, {@code scope=api://APP_ID/.default}) and kept for the test run (they live an hour).
 * <pre>{@code given().auth().oauth2(EntraTokens.token(TestClient.READER)).get("/api/v1/jobs")}</pre>
 */
public final class EntraTokens {

    static final String TOKEN_URL = "weft.test.entra.token-url";
    /** The property with the path of the tenant's certificate (PEM), for a client that must trust it (a browser). */
    public static final String CERTIFICATE = "weft.test.entra.certificate";
    static final String APP_ID = "weft.test.entra.app-id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private EntraTokens() {
    }

    static String secretProperty(TestClient client) {
        return "weft.test.entra.secret." + client.clientId();
    }

    /** A token for {@code client}, for Weft's API. */
    public static String token(TestClient client) {
        var config = ConfigProvider.getConfig();
        String tokenUrl = config.getValue(TOKEN_URL, String.class);
        String secret = config.getValue(secretProperty(client), String.class);
        // Keyed by the token URL too: each Quarkus start of a module may have its own tenant.
        return CACHE.computeIfAbsent(tokenUrl + " " + client, k -> fetch(tokenUrl, Path.of(config.getValue(CERTIFICATE, String.class)),
                client.clientId(), secret, "api://" + config.getValue(APP_ID, String.class) + "/.default"));
    }

    /** The {@code Authorization} header value for {@code client}. */
    public static String bearer(TestClient client) {
        return "Bearer " + token(client);
    }

    /** A token from the token endpoint for any registered client and scope (another resource: the wrong audience). */
    public static String fetch(String tokenUrl, Path certificatePem, String clientId, String secret, String scope) {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret)
                + "&scope=" + encode(scope);
        try {
            HttpResponse<String> response = HttpClient.newBuilder().sslContext(trusting(certificatePem)).connectTimeout(Duration.ofSeconds(10)).build()
                    .send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The token endpoint refused " + clientId + ": " + body.path("error").asText());
            }
            return body.path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Could not reach the token endpoint " + tokenUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A token for {@code client} with another scope, e.g. {@code https://api.fabric.microsoft.com/.default}. */
    public static String tokenForScope(TestClient client, String scope) {
        var config = ConfigProvider.getConfig();
        return fetch(config.getValue(TOKEN_URL, String.class), Path.of(config.getValue(CERTIFICATE, String.class)),
                client.clientId(), config.getValue(secretProperty(client), String.class), scope);
    }

    /** An SSLContext that trusts the certificates of this PEM file only. */
    public static SSLContext trusting(Path certificatePem) {
        try (InputStream in = Files.newInputStream(certificatePem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("c" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Could not load " + certificatePem, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
