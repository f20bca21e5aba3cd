package io.weft.fabric.client.auth;

import com.azure.core.credential.TokenRequestContext;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.TrustingHttpClients;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client secret asked for at every token request: a changed secret is used for the next token, no restart. */
class RotatingClientSecretCredentialTest {

    private static FabricEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void theNextTokenRequestUsesTheSecretAsItIsNow() {
        AtomicReference<String> secret = new AtomicReference<>("a-secret-since-rotated-away");
        AtomicInteger asked = new AtomicInteger();
        FabricSettings.Auth auth = FabricSettings.Auth.clientSecret(emulator.authorityHost(), emulator.tenantId(), emulator.clientId(), "ignored");
        RotatingClientSecretCredential credential = new RotatingClientSecretCredential(auth, () -> {
            asked.incrementAndGet();
            return secret.get();
        }, TrustingHttpClients.create(Optional.of(emulator.certificatePem()), FabricSettings.Http.defaults()), "weft.fabric.auth");
        TokenRequestContext fabric = new TokenRequestContext().addScopes(CredentialFactory.FABRIC_SCOPE);

        assertThatThrownBy(() -> credential.getTokenSync(fabric))
                .hasMessageContaining("AADSTS7000215")
                .hasMessageNotContaining("a-secret-since-rotated-away");

        secret.set(emulator.clientSecret());
        assertThat(credential.getTokenSync(fabric).getToken()).isNotBlank();
        assertThat(credential.getToken(fabric).block().getToken()).as("the async path too").isNotBlank();
        assertThat(asked.get()).as("asked at every token request").isEqualTo(3);
    }
}
