package io.weft.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at Fabric the way any client does, over its REST API with a client-credentials token: makes sure the
 * demo workspace exists and lists the items in it. Trusts only the emulator's certificate.
 */
final class FabricProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoOptions options;
    private final HttpClient https;
    private String token;
    private String weftToken;

    FabricProbe(DemoOptions options) throws IOException {
        this.options = options;
        this.https = HttpClient.newBuilder().sslContext(trusting(options)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    String ensureWorkspace(String name) throws IOException, InterruptedException {
        for (JsonNode workspace : list("/v1/workspaces")) {
            if (name.equalsIgnoreCase(workspace.path("displayName").asText())) {
                return workspace.path("id").asText();
            }
        }
        HttpResponse<String> created = send(HttpRequest.newBuilder(api("/v1/workspaces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("displayName", name).toString())));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create workspace '" + name + "': HTTP " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body()).path("id").asText();
    }

    /**
     * The id of the shareable cloud connection of this name, created when absent, as a tenant administrator makes
     * them: Weft binds models to connections, it never creates or reads their credentials.
     */
    String ensureConnection(String name, String type, String path) throws IOException, InterruptedException {
        for (JsonNode connection : list("/v1/connections")) {
            if (name.equalsIgnoreCase(connection.path("displayName").asText())) {
                return connection.path("id").asText();
            }
        }
        ObjectNode body = JSON.createObjectNode().put("displayName", name).put("connectivityType", "ShareableCloud");
        ObjectNode details = body.putObject("connectionDetails").put("type", type).put("creationMethod", type);
        details.putArray("parameters").addObject().put("dataType", "Text").put("name", "path").put("value", path);
        body.putObject("credentialDetails").put("singleSignOnType", "None").put("connectionEncryption", "NotEncrypted")
                .put("skipTestConnection", true).putObject("credentials").put("credentialType", "Anonymous");
        HttpResponse<String> created = send(HttpRequest.newBuilder(api("/v1/connections"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create connection '" + name + "': HTTP " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body()).path("id").asText();
    }

    /**
     * The id of the deployment pipeline of this name, created with the given stages (in order) when absent, each stage
     * assigned its workspace when it has none: what a Fabric administrator sets up once; Weft then promotes through it.
     *
     * @param stageWorkspaces stage display name → workspace id, in promotion order
     */
    String ensurePipeline(String name, java.util.LinkedHashMap<String, String> stageWorkspaces) throws IOException, InterruptedException {
        String pipelineId = null;
        for (JsonNode pipeline : list("/v1/deploymentPipelines")) {
            if (name.equalsIgnoreCase(pipeline.path("displayName").asText())) {
                pipelineId = pipeline.path("id").asText();
            }
        }
        if (pipelineId == null) {
            ObjectNode body = JSON.createObjectNode().put("displayName", name).put("description", "Weft demo: dev → qa → prod");
            stageWorkspaces.keySet().forEach(stage -> body.withArray("stages").addObject().put("displayName", stage).put("isPublic", false));
            HttpResponse<String> created = send(HttpRequest.newBuilder(api("/v1/deploymentPipelines"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("could not create pipeline '" + name + "': HTTP " + created.statusCode() + " " + created.body());
            }
            pipelineId = JSON.readTree(created.body()).path("id").asText();
        }
        for (JsonNode stage : list("/v1/deploymentPipelines/" + pipelineId + "/stages")) {
            String workspaceId = stageWorkspaces.get(stage.path("displayName").asText());
            if (workspaceId != null && !stage.hasNonNull("workspaceId")) {
                HttpResponse<String> assigned = send(HttpRequest.newBuilder(api("/v1/deploymentPipelines/" + pipelineId + "/stages/"
                        + stage.path("id").asText() + "/assignWorkspace")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("workspaceId", workspaceId).toString())));
                if (assigned.statusCode() != 200) {
                    throw new IllegalStateException("could not assign a workspace to stage '" + stage.path("displayName").asText()
                            + "': HTTP " + assigned.statusCode() + " " + assigned.body());
                }
            }
        }
        return pipelineId;
    }

    /**
     * The id of the item of this type and name, created when absent. The demo's Data Pipeline stands for one a
     * data team built in the Fabric portal: Weft runs items, it does not author them.
     */
    String ensureItem(String workspaceId, String type, String name) throws IOException, InterruptedException {
        String existing = findItem(workspaceId, type, name);
        if (existing != null) {
            return existing;
        }
        HttpResponse<String> created = send(HttpRequest.newBuilder(api("/v1/workspaces/" + workspaceId + "/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("displayName", name).put("type", type).toString())));
        if (created.statusCode() == 201) {
            return JSON.readTree(created.body()).path("id").asText();
        }
        if (created.statusCode() != 202) {
            throw new IllegalStateException("could not create " + type + " '" + name + "': HTTP " + created.statusCode() + " " + created.body());
        }
        // A long-running create: wait, as Retry-After asks, until Fabric lists the item (bounded; this is the demo's
        // own set-up, not Weft's code, which polls the operation through fabric-client).
        long retryAfter = created.headers().firstValueAsLong("Retry-After").orElse(1);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Thread.sleep(java.util.concurrent.TimeUnit.SECONDS.toMillis(Math.max(1, retryAfter)));
            String id = findItem(workspaceId, type, name);
            if (id != null) {
                return id;
            }
        }
        throw new IllegalStateException("Fabric accepted the creation of " + type + " '" + name + "' but did not list it within 2 minutes");
    }

    private String findItem(String workspaceId, String type, String name) throws IOException, InterruptedException {
        for (JsonNode item : items(workspaceId)) {
            if (type.equals(item.path("type").asText()) && name.equalsIgnoreCase(item.path("displayName").asText())) {
                return item.path("id").asText();
            }
        }
        return null;
    }

    List<JsonNode> items(String workspaceId) throws IOException, InterruptedException {
        return list("/v1/workspaces/" + workspaceId + "/items");
    }

    /** Every element of a paged Fabric list, following continuation tokens. */
    /** A workspace's role assignments, all pages. */
    List<JsonNode> roleAssignments(String workspaceId) throws IOException, InterruptedException {
        return list("/v1/workspaces/" + workspaceId + "/roleAssignments");
    }

    private List<JsonNode> list(String path) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        String continuation = null;
        do {
            String query = continuation == null ? "" : "?continuationToken=" + URLEncoder.encode(continuation, StandardCharsets.UTF_8);
            HttpResponse<String> response = send(HttpRequest.newBuilder(api(path + query)).GET());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            JsonNode page = JSON.readTree(response.body());
            page.path("value").forEach(all::add);
            continuation = page.hasNonNull("continuationToken") ? page.get("continuationToken").asText() : null;
        } while (continuation != null);
        return all;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return https.send(request.header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws IOException, InterruptedException {
        if (token == null) {
            token = clientCredentials(options.clientId(), options.clientSecret(), "https://api.fabric.microsoft.com/.default");
        }
        return token;
    }

    /**
     * The demo client's token for Weft's own API (the gateway and the tracker check it), from the same tenant:
     * what any automation calling Weft does. One token serves the whole demo (it lives an hour).
     */
    String weftToken() throws IOException, InterruptedException {
        if (weftToken == null) {
            weftToken = clientCredentials(options.demoClientId(), options.demoClientSecret(), "api://" + options.weftAppId() + "/.default");
        }
        return weftToken;
    }

    private String clientCredentials(String clientId, String secret, String scope) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(
                        URI.create(options.emulator() + "/" + options.tenantId() + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the emulator refused a token for " + clientId + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private URI api(String path) {
        return URI.create(options.emulator() + path);
    }

    private static SSLContext trusting(DemoOptions options) throws IOException {
        try (InputStream pem = Files.newInputStream(options.emulatorCertificate())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trust.setCertificateEntry("emulator-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + options.emulatorCertificate() + ": " + e.getMessage(), e);
        }
    }
}
