package io.weft.support.secrets;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.postgres.PostgresResource;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.junit.jupiter.api.Test;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kafka clients' SCRAM login as Kafka's SCRAM client drives it (a name and a password callback at every
 * authentication): the password comes from the vault by reference and a rotated one is used at the next
 * authentication, without a restart. Plain passwords still work; a half-configured JAAS entry is refused at once.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KeyVaultResource.class)
class ScramCredentialsCallbackHandlerTest {

    private static final String SECRET = "weft-kafka-test-password";

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Test
    void eachAuthenticationAsksTheVaultSoARotatedPasswordIsUsedNext() throws Exception {
        emulator.admin().setSecret(SECRET, "first-password");
        ScramCredentialsCallbackHandler handler = handler(Map.of("username", "provisioner",
                "credentialsProvider", SECRET, "credentialsProviderName", KeyVaultCredentialsProvider.NAME));

        assertThat(authenticate(handler)).containsExactly("provisioner", "first-password");
        emulator.admin().setSecret(SECRET, "rotated-password");
        assertThat(authenticate(handler)).as("the next login after a rotation (refresh interval 0s here)")
                .containsExactly("provisioner", "rotated-password");
    }

    @Test
    void aPlainPasswordIsThePasswordAsWithKafkasOwnHandler() throws Exception {
        assertThat(authenticate(handler(Map.of("username", "gateway", "password", "in-the-config"))))
                .containsExactly("gateway", "in-the-config");
    }

    @Test
    void aHalfConfiguredLoginIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> handler(Map.of("username", "u", "credentialsProvider", SECRET)))
                .hasMessageContaining("without credentialsProviderName");
        assertThatThrownBy(() -> handler(Map.of("username", "u")))
                .hasMessageContaining("neither a password nor a credentialsProvider");
        assertThatThrownBy(() -> handler(Map.of("password", "p")))
                .hasMessageContaining("no username");
    }

    private static ScramCredentialsCallbackHandler handler(Map<String, String> options) {
        ScramCredentialsCallbackHandler handler = new ScramCredentialsCallbackHandler();
        handler.configure(Map.of(), "SCRAM-SHA-512", List.of(new AppConfigurationEntry(ScramLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)));
        return handler;
    }

    /** The callbacks Kafka's ScramSaslClient sends: the name (with extensions), then the password. */
    private static List<String> authenticate(ScramCredentialsCallbackHandler handler) throws Exception {
        NameCallback name = new NameCallback("Name:");
        handler.handle(new Callback[] {name, new ScramExtensionsCallback()});
        PasswordCallback password = new PasswordCallback("Password:", false);
        handler.handle(new Callback[] {password});
        return List.of(name.getName(), new String(password.getPassword()));
    }
}
