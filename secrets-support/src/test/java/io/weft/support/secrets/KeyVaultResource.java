package io.weft.support.secrets;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.InjectFabricEmulator;

import java.util.Map;
import java.util.UUID;

/** A Fabric emulator whose Key Vault holds the test's database password, and {@code weft.key-vault.*} pointing at it. */
public class KeyVaultResource implements QuarkusTestResourceLifecycleManager {

    static final String DATABASE_PASSWORD = "weft-test-database-password";

    private FabricEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast());
        // PostgreSQL here trusts local connections: the value is not checked, only that it came from the vault.
        emulator.admin().setSecret(DATABASE_PASSWORD, "pw-" + UUID.randomUUID());
        return Map.of(
                "weft.key-vault.url", emulator.keyVaultUrl(),
                "weft.key-vault.verify-challenge-resource", "false",
                "weft.key-vault.tls.trust-certificate", emulator.certificatePem().toString(),
                "weft.key-vault.auth.method", "client-secret",
                "weft.key-vault.auth.authority-host", emulator.authorityHost(),
                "weft.key-vault.auth.tenant-id", emulator.tenantId(),
                "weft.key-vault.auth.client-id", emulator.clientId(),
                "weft.key-vault.auth.client-secret", emulator.clientSecret());
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
