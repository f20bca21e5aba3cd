package io.weft.tracker.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Authorized;
import io.weft.tracker.support.SseClient;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tracker operation needs an Entra ID token of Weft's tenant and audience with the role that allows it:
 * {@code Weft.Read} to read (jobs, events, streams, job kinds), {@code Weft.Cancel} to cancel, {@code Weft.Admin}
 * for everything (and alone for rejected inputs). Probes, metrics, the API description and the dashboard's static
 * files stay open. Allowed calls name an unknown job, so that they answer 404 instead of doing anything.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class TrackerSecurityTest {

    @TestHTTPResource("/")
    URL root;

    @InjectFabricEmulator
    FabricEmulator entra;

    @BeforeEach
    void noDefaultToken() {
        Authorized.anonymous();
    }

    /** Every operation, the clients allowed to call it, and the status an allowed call gets. */
    enum Operation {
        LIST_JOBS("GET", "api/v1/jobs", 200, TestClient.READER),
        GET_JOB("GET", "api/v1/jobs/no-such-job", 404, TestClient.READER),
        JOB_EVENTS("GET", "api/v1/jobs/no-such-job/events", 404, TestClient.READER),
        JOB_KINDS("GET", "api/v1/job-kinds", 200, TestClient.READER),
        CANCEL("POST", "api/v1/jobs/no-such-job/cancel", 404, TestClient.CANCELLER),
        REJECTED_INPUTS("GET", "api/v1/rejected-inputs", 200),
        STREAM_JOBS("SSE", "api/v1/jobs/stream", 200, TestClient.READER),
        STREAM_JOB("SSE", "api/v1/jobs/no-such-job/stream", 404, TestClient.READER);

        final String method;
        final String path;
        final int allowedStatus;
        final Set<TestClient> allowed = EnumSet.of(TestClient.ADMIN);

        Operation(String method, String path, int allowedStatus, TestClient... alsoAllowed) {
            this.method = method;
            this.path = path;
            this.allowedStatus = allowedStatus;
            this.allowed.addAll(List.of(alsoAllowed));
        }
    }

    @Test
    void withoutATokenEveryOperationIs401ProblemWithABearerChallenge() throws Exception {
        for (Operation operation : Operation.values()) {
            Call call = call(operation, null);
            assertThat(call.status()).as(operation + ": " + call.body()).isEqualTo(401);
            assertThat(call.body()).as(operation.name()).contains(ProblemType.UNAUTHORIZED.uri());
            assertThat(call.challenge()).as(operation.name()).startsWith("Bearer");
        }
    }

    @Test
    void eachRoleIsAllowedExactlyItsOperations() throws Exception {
        for (Operation operation : Operation.values()) {
            for (TestClient client : TestClient.values()) {
                Call call = call(operation, EntraTokens.bearer(client));
                if (operation.allowed.contains(client)) {
                    assertThat(call.status()).as(client + " " + operation + ": " + call.body()).isEqualTo(operation.allowedStatus);
                } else {
                    assertThat(call.status()).as(client + " " + operation + ": " + call.body()).isEqualTo(403);
                    assertThat(call.body()).as(client + " " + operation).contains(ProblemType.FORBIDDEN.uri());
                }
            }
        }
    }

    @Test
    void tokensTheTenantDidNotIssueForWeftAre401() {
        String appId = ConfigProvider.getConfig().getValue("quarkus.oidc.token.audience", String.class);
        List<String> admin = List.of("Weft.Admin");
        String valid = entra.admin().issueToken("forger", appId, admin, Map.of());
        String[] parts = valid.split("\\.");
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        Map<String, String> tokens = Map.of(
                "another audience (a Fabric token)", EntraTokens.tokenForScope(TestClient.ADMIN, "https://api.fabric.microsoft.com/.default"),
                "another issuer", entra.admin().issueToken("forger", appId, admin, Map.of("iss", "https://login.microsoftonline.com/other-tenant/v2.0")),
                "expired", entra.admin().issueToken("forger", appId, admin, Map.of("exp", past + 3600, "nbf", past, "iat", past)),
                "unsigned (alg none)", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
                "bad signature", parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 6) + "AAAAAA",
                "not a JWT", "definitely-not-a-token");
        tokens.forEach((why, token) -> {
            Response response = RestAssured.given().auth().oauth2(token).get("/api/v1/jobs");
            assertThat(response.statusCode()).as(why).isEqualTo(401);
            assertThat((String) response.path("type")).as(why).isEqualTo(ProblemType.UNAUTHORIZED.uri());
            assertThat(response.asString()).as(why + ": the token is never echoed").doesNotContain(token);
        });
        assertThat(RestAssured.given().auth().oauth2(valid).get("/api/v1/jobs").statusCode()).isEqualTo(200);
    }

    @Test
    void probesMetricsTheApiDescriptionAndTheDashboardNeedNoToken() {
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics",
                "/q/openapi", "/", "/index.html", "/app.js", "/app.css", "/dashboard/sign-in")) {
            assertThat(RestAssured.given().get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    /** What the dashboard signs in with, read before it has a token: the tenant it validates against, its app, Weft's scope. */
    @Test
    void theDashboardsSignInSettingsNameTheTenantTheAppAndWeftsScope() {
        Response settings = RestAssured.given().get("/dashboard/sign-in");
        assertThat((Boolean) settings.path("enabled")).isTrue();
        assertThat((String) settings.path("authority")).isEqualTo(entra.issuer());
        assertThat((String) settings.path("clientId")).isEqualTo(EntraResource.DASHBOARD_CLIENT_ID);
        assertThat((String) settings.path("scope")).isEqualTo("api://" + entra.weftAppId() + "/.default openid profile");
    }

    private record Call(int status, String body, String challenge) {
    }

    private Call call(Operation operation, String authorization) throws Exception {
        String url = root + operation.path;
        if (operation.method.equals("SSE")) {
            try (SseClient stream = new SseClient(url, null, authorization)) {
                return new Call(stream.status(), stream.status() == 200 ? "" : stream.bodyText(), stream.header("WWW-Authenticate"));
            }
        }
        var spec = RestAssured.given();
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        Response response = operation.method.equals("POST") ? spec.post(url) : spec.get(url);
        return new Call(response.statusCode(), response.asString(), response.header("WWW-Authenticate"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
