package io.weft.fabric.client.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import io.weft.fabric.client.config.FabricSettings;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client-secret credential whose secret is looked up at every token request (from Key Vault, say): when it has
 * changed, the next token is asked for with the new one, so that a rotation needs no restart. Tokens already issued
 * stay cached by azure-core until they expire, as with any credential.
 */
public final class RotatingClientSecretCredential implements TokenCredential {

    private final FabricSettings.Auth auth;
    private final Supplier<String> secret;
    private final HttpClient httpClient;
    private final String keyPrefix;
    private String current;
    private TokenCredential delegate;

    /**
     * @param auth      tenant, client id and authority; its {@code clientSecret} is ignored
     * @param secret    the current secret, asked for at every token request
     * @param keyPrefix names the settings in error messages ({@code weft.fabric.auth})
     */
    public RotatingClientSecretCredential(FabricSettings.Auth auth, Supplier<String> secret, HttpClient httpClient, String keyPrefix) {
        this.auth = auth;
        this.secret = Objects.requireNonNull(secret);
        this.httpClient = httpClient;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> credential().getToken(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return credential().getTokenSync(request);
    }

    private synchronized TokenCredential credential() {
        String value = secret.get();
        if (delegate == null || !value.equals(current)) {
            delegate = CredentialFactory.create(new FabricSettings.Auth(auth.method(), auth.authorityHost(), auth.tenantId(),
                    auth.clientId(), Optional.of(value)), httpClient, keyPrefix);
            current = value;
        }
        return delegate;
    }
}
