package io.weft.testsupport.entra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.InjectFabricEmulator;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a {@code @QuarkusTest} a real Entra tenant to validate bearer tokens against: the fabric-emulator's Entra
 * (OIDC discovery, JWKS, RS256 tokens) on a free port, with one client app per {@link TestClient}, and points
 * quarkus-oidc at it ({@code quarkus.oidc.auth-server-url}, {@code quarkus.oidc.token.audience}, TLS trust of the
 * emulator's certificate). Its users ({@link TestUser}) sign in to the dashboard's single-page app
 * ({@link #DASHBOARD_CLIENT_ID}) through the emulator's sign-in form. Tests get tokens from its token endpoint with {@link EntraTokens}; a test that needs a
 * token the tenant would never issue (expired, foreign issuer) takes the emulator with {@link InjectFabricEmulator}
 * and signs one through {@code admin().issueToken(...)}.
 */
public class EntraResource implements QuarkusTestResourceLifecycleManager {

    /** Name of the TLS configuration (quarkus.tls.NAME) that trusts the emulator. */
    public static final String TLS_CONFIGURATION = "weft-test-entra";

    /**
     * The client id of the dashboard's single-page app, registered with {@code http://localhost/} and
     * {@code http://127.0.0.1/} as redirect URIs (any port, as Entra matches loopback URIs).
     */
    public static final String DASHBOARD_CLIENT_ID = "weft-test-dashboard";

    private FabricEmulator emulator;
    private final Map<TestClient, String> secrets = new HashMap<>();
    private final Map<TestUser, String> passwords = new HashMap<>();

    @Override
    public Map<String, String> start() {
        EmulatorOptions options = EmulatorOptions.defaults().fast().port(0);
        for (TestClient client : TestClient.values()) {
            String secret = "test-secret-" + UUID.randomUUID();
            secrets.put(client, secret);
            options.apiClient(new EmulatorOptions.ApiClient(client.clientId(), secret, client.roles()));
        }
        for (TestUser user : TestUser.values()) {
            String password = "test-password-" + UUID.randomUUID();
            passwords.put(user, password);
            options.user(new EmulatorOptions.User(user.userName(), password, user.roles(), user.groups()));
        }
        options.spaClient(new EmulatorOptions.SpaClient(DASHBOARD_CLIENT_ID, java.util.List.of("http://localhost/", "http://127.0.0.1/")));
        emulator = FabricEmulator.start(options);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", emulator.issuer());
        config.put("quarkus.oidc.token.audience", emulator.weftAppId());
        config.put("quarkus.oidc.tls.tls-configuration-name", TLS_CONFIGURATION);
        config.put("quarkus.tls." + TLS_CONFIGURATION + ".trust-store.pem.certs", emulator.certificatePem().toString());
        // What EntraTokens reads to get tokens the way a client would.
        config.put(EntraTokens.TOKEN_URL, emulator.tokenUrl());
        config.put(EntraTokens.CERTIFICATE, emulator.certificatePem().toString());
        config.put(EntraTokens.APP_ID, emulator.weftAppId());
        secrets.forEach((client, secret) -> config.put(EntraTokens.secretProperty(client), secret));
        passwords.forEach((user, password) -> config.put(TestUser.passwordProperty(user), password));
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator, new TestInjector.AnnotatedAndMatchesType(InjectFabricEmulator.class, FabricEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
