package io.weft.support.staging;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.command.StagedArchive;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The injected {@link StagingStore} in a Quarkus application configured for OneLake the way a service would be: the
 * {@code adls} backend, a client secret, and the emulator's certificate through a named Quarkus TLS configuration.
 */
@QuarkusTest
@QuarkusTestResource(StagingStoreProducerTest.OneLakeStaging.class)
class StagingStoreProducerTest {

    @Inject
    StagingStore store;

    @Test
    void injectedStoreStagesInOneLake() throws IOException {
        byte[] content = "id,name\n1,Ada\n".getBytes(StandardCharsets.UTF_8);

        StagedArchive staged = store.stage(new ByteArrayInputStream(content), "cdi.zip");

        assertThat(ClientProxy.unwrap(store)).isInstanceOf(AdlsStagingStore.class);
        assertThat(staged.uri()).startsWith("abfss://CDI@127.0.0.1:").contains("/Lake.Lakehouse/Files/cdi/").endsWith(".zip");
        assertThat(staged.sizeBytes()).isEqualTo(content.length);
        try (VerifiedObject object = store.open(staged)) {
            assertThat(Files.readAllBytes(object.file())).isEqualTo(content);
        }
        assertThat(store.delete(staged)).isTrue();
        assertThat(store.exists(staged.uri())).isFalse();
    }

    /** An emulator with a workspace and a lakehouse, and the {@code weft.staging.*} pointing at it (trusting its certificate). */
    public static class OneLakeStaging implements QuarkusTestResourceLifecycleManager {

        private FabricEmulator emulator;

        @Override
        public Map<String, String> start() {
            emulator = FabricEmulator.start(EmulatorOptions.defaults());
            String workspaceId = emulator.admin().createWorkspace("CDI");
            emulator.admin().createLakehouse(workspaceId, "Lake", false);
            return Map.ofEntries(
                    Map.entry("weft.staging.backend", "adls"),
                    Map.entry("weft.staging.adls.endpoint", emulator.oneLakeUrl()),
                    Map.entry("weft.staging.adls.file-system", "CDI"),
                    Map.entry("weft.staging.adls.directory", "Lake.Lakehouse/Files/cdi"),
                    Map.entry("weft.staging.adls.auth.method", "client-secret"),
                    Map.entry("weft.staging.adls.auth.tenant-id", emulator.tenantId()),
                    Map.entry("weft.staging.adls.auth.client-id", emulator.clientId()),
                    Map.entry("weft.staging.adls.auth.client-secret", emulator.clientSecret()),
                    Map.entry("weft.staging.adls.auth.authority-host", emulator.authorityHost()),
                    Map.entry("weft.staging.adls.tls.trust-certificate", emulator.certificatePem().toString()));
        }

        @Override
        public void stop() {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
