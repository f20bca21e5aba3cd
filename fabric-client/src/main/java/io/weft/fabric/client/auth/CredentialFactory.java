package io.weft.fabric.client.auth;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.weft.fabric.client.config.FabricSettings;

/**
 * azure-identity credentials by {@code weft.fabric.auth.method}, all sharing the client's trusting HTTP client.
 * azure-core's BearerTokenAuthenticationPolicy caches and refreshes the tokens they issue.
 */
public final class CredentialFactory {

    /** Token scope for Fabric REST. */
    public static final String FABRIC_SCOPE = "https://api.fabric.microsoft.com/.default";
    /** Token scope for the Power BI REST API (semantic model refreshes). */
    public static final String POWER_BI_SCOPE = "https://analysis.windows.net/powerbi/api/.default";
    /** Token scope for OneLake (the storage audience; other audiences are refused). */
    public static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    private CredentialFactory() {
    }

    public static TokenCredential create(FabricSettings.Auth auth, HttpClient httpClient) {
        return create(auth, httpClient, "weft.fabric.auth");
    }

    /**
     * The credential {@code auth} describes; {@code keyPrefix} names its keys in error messages (the staging store
     * configures the same settings under {@code weft.staging.adls.auth}).
     */
    public static TokenCredential create(FabricSettings.Auth auth, HttpClient httpClient, String keyPrefix) {
        return switch (auth.method()) {
            case CLIENT_SECRET -> {
                ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                        .tenantId(required(auth.tenantId().orElse(null), keyPrefix, "tenant-id"))
                        .clientId(required(auth.clientId().orElse(null), keyPrefix, "client-id"))
                        .clientSecret(required(auth.clientSecret().orElse(null), keyPrefix, "client-secret"))
                        .httpClient(httpClient);
                auth.authorityHost().ifPresent(host -> builder.authorityHost(host).disableInstanceDiscovery());
                yield builder.build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder().httpClient(httpClient);
                auth.clientId().ifPresent(builder::clientId);
                yield builder.build();
            }
            case WORKLOAD_IDENTITY -> {
                WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder().httpClient(httpClient);
                auth.tenantId().ifPresent(builder::tenantId);
                auth.clientId().ifPresent(builder::clientId);
                auth.authorityHost().ifPresent(host -> builder.authorityHost(host).disableInstanceDiscovery());
                yield builder.build();
            }
            case DEFAULT -> {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(httpClient);
                auth.tenantId().ifPresent(builder::tenantId);
                auth.clientId().ifPresent(builder::managedIdentityClientId);
                auth.authorityHost().ifPresent(builder::authorityHost);
                yield builder.build();
            }
        };
    }

    private static String required(String value, String keyPrefix, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(keyPrefix + "." + key + " is required when " + keyPrefix + ".method=client-secret");
        }
        return value;
    }
}
