package io.weft.support.secrets;

import io.agroal.api.AgroalDataSource;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.postgres.PostgresResource;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real datasource configured with {@code quarkus.datasource.credentials-provider=key-vault}: every new connection
 * asks the vault (the emulator's, through the SDK) for the password, and a rotated password is what the provider
 * hands out next (the refresh interval is 0 here; its timing is {@link KeyVaultSecretsTest}'s).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KeyVaultResource.class)
class DatasourceFromKeyVaultTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Named(KeyVaultCredentialsProvider.NAME)
    CredentialsProvider provider;

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Test
    void aNewConnectionAsksTheVaultForItsPassword() throws Exception {
        long before = reads();
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(reads()).as("the vault was read for the new connection").isGreaterThan(before);
    }

    @Test
    void aRotatedPasswordIsTheOneHandedOutNext() {
        emulator.admin().setSecret(KeyVaultResource.DATABASE_PASSWORD, "rotated-value");
        assertThat(provider.getCredentials(KeyVaultResource.DATABASE_PASSWORD))
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "rotated-value");
    }

    private long reads() {
        return emulator.admin().requests().stream()
                .filter(r -> r.path().startsWith("/secrets/" + KeyVaultResource.DATABASE_PASSWORD) && r.status() == 200).count();
    }
}
