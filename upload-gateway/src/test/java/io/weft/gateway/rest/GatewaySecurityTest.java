package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.weft.contracts.Topics;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.gateway.support.Authorized;
import io.weft.gateway.support.CommandRecords;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.KafkaResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every gateway operation needs an Entra ID token of Weft's tenant and audience with {@code Weft.Submit} or
 * {@code Weft.Admin}; the probes and the API description stay open. Tokens are real ones from the emulator's
 * tenant (test-support's EntraResource), or signed by it with claims it would never issue.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class GatewaySecurityTest {

    @InjectFabricEmulator
    FabricEmulator entra;

    /** Every operation of the gateway, each sent with a body it would accept. */
    enum Operation {
        UPLOAD((spec, ws) -> spec.multiPart("scenarioName", "s").multiPart("workspace", ws)
                .multiPart("archive", "a.tar", new byte[]{1, 2, 3}).post("/api/v1/uploads")),
        DEPLOYMENT_ARCHIVE((spec, ws) -> spec.multiPart("workspace", ws).multiPart("modelName", "m")
                .multiPart("definition", "d.zip", new byte[]{1, 2, 3}).post("/api/v1/deployments")),
        DEPLOYMENT_JSON((spec, ws) -> spec.contentType(ContentType.JSON).body(Map.of("workspace", ws)).post("/api/v1/deployments")),
        RUN((spec, ws) -> spec.contentType(ContentType.JSON).body(Map.of("workspace", ws, "itemName", "i", "itemType", "Notebook"))
                .post("/api/v1/runs")),
        REFRESH((spec, ws) -> spec.contentType(ContentType.JSON).body(Map.of("workspace", ws)).post("/api/v1/refreshes")),
        WORKSPACE_JSON((spec, ws) -> spec.contentType(ContentType.JSON).body(Map.of("workspace", ws)).post("/api/v1/workspaces")),
        WORKSPACE_MULTIPART((spec, ws) -> spec.multiPart("workspace", ws).multiPart("spec", "w.json", "{}".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/workspaces"));

        final java.util.function.BiFunction<RequestSpecification, String, Response> send;

        Operation(java.util.function.BiFunction<RequestSpecification, String, Response> send) {
            this.send = send;
        }
    }

    /** The workspace every request here names: nothing may ever be published for it. */
    static final String WORKSPACE = "security-ws-" + UUID.randomUUID();
    /** The workspace of the requests that are let through. */
    static final String ALLOWED_WORKSPACE = "allowed-ws-" + UUID.randomUUID();

    @ParameterizedTest
    @EnumSource(Operation.class)
    void withoutATokenEveryOperationIs401ProblemWithABearerChallenge(Operation operation) {
        Response response = operation.send.apply(RestAssured.given(), WORKSPACE);
        assertUnauthorized(response);
        assertNothingPublished();
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void readerCancellerAndRolelessAppsAre403OnEveryOperation(Operation operation) {
        for (TestClient client : List.of(TestClient.READER, TestClient.CANCELLER, TestClient.NO_ROLES)) {
            Response response = operation.send.apply(Authorized.as(client), WORKSPACE);
            assertThat(response.statusCode()).as(client + " " + operation).isEqualTo(403);
            assertThat(response.contentType()).startsWith(ProblemDetail.MEDIA_TYPE);
            assertThat((String) response.path("type")).isEqualTo(ProblemType.FORBIDDEN.uri());
        }
        assertNothingPublished();
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void submitterAndAdminGetPastAuthorizationOnEveryOperation(Operation operation) {
        for (TestClient client : List.of(TestClient.SUBMITTER, TestClient.ADMIN)) {
            // The bodies are deliberately incomplete: past authorization they meet validation (422), never 401/403.
            Response response = operation.send.apply(Authorized.as(client), ALLOWED_WORKSPACE);
            assertThat(response.statusCode()).as(client + " " + operation + ": " + response.asString()).isNotIn(401, 403).isLessThan(500);
        }
    }

    @Test
    void tokensTheTenantDidNotIssueForWeftAre401() {
        String appId = ConfigProvider.getConfig().getValue("quarkus.oidc.token.audience", String.class);
        List<String> admin = List.of("Weft.Admin");
        String valid = entra.admin().issueToken("forger", appId, admin, Map.of());
        String[] parts = valid.split("\\.");
        Map<String, String> tokens = Map.of(
                "another audience (a Fabric token)", EntraTokens.tokenForScope(TestClient.ADMIN, "https://api.fabric.microsoft.com/.default"),
                "another issuer", entra.admin().issueToken("forger", appId, admin, Map.of("iss", "https://login.microsoftonline.com/other-tenant/v2.0")),
                "expired", entra.admin().issueToken("forger", appId, admin, Map.of("exp", java.time.Instant.now().minusSeconds(3600).getEpochSecond(),
                        "nbf", java.time.Instant.now().minusSeconds(7200).getEpochSecond(), "iat", java.time.Instant.now().minusSeconds(7200).getEpochSecond())),
                "unsigned (alg none)", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
                "bad signature", parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 6) + "AAAAAA",
                "claims changed after signing", parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"forger\"", "\"someone\"")) + "." + parts[2],
                "not a JWT", "definitely-not-a-token");
        tokens.forEach((why, token) -> {
            Response response = Operation.RUN.send.apply(RestAssured.given().auth().oauth2(token), WORKSPACE);
            assertThat(response.statusCode()).as(why).isEqualTo(401);
            assertThat((String) response.path("type")).as(why).isEqualTo(ProblemType.UNAUTHORIZED.uri());
            assertThat(response.asString()).as(why + ": the token is never echoed").doesNotContain(token);
        });
        // The forger's correctly signed token for Weft is accepted: the refusals above are about what was changed.
        assertThat(Operation.RUN.send.apply(RestAssured.given().auth().oauth2(valid), ALLOWED_WORKSPACE).statusCode()).isNotIn(401, 403);
        assertNothingPublished();
    }

    @Test
    void probesMetricsAndTheApiDescriptionNeedNoToken() {
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi")) {
            assertThat(RestAssured.given().get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    private static void assertUnauthorized(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith(ProblemDetail.MEDIA_TYPE);
        assertThat((String) response.path("type")).isEqualTo(ProblemType.UNAUTHORIZED.uri());
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static void assertNothingPublished() {
        for (String topic : List.of(Topics.PROVISION_COMMANDS, Topics.DEPLOY_COMMANDS)) {
            assertThat(CommandRecords.all(topic)).noneMatch(r -> WORKSPACE.equals(r.key()));
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
