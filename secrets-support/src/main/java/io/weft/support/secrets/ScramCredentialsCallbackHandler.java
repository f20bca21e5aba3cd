package io.weft.support.secrets;

import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.credentials.runtime.CredentialsProviderFinder;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;

/**
 * The Kafka clients' SCRAM username and password, the password asked for at every authentication (every new broker
 * connection and re-authentication) from a credentials provider, so that a rotated Kafka password is used without a
 * restart. Configured on every Kafka client of a service:
 * <pre>
 * kafka.sasl.client.callback.handler.class=io.weft.support.secrets.ScramCredentialsCallbackHandler
 * kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="provisioner" \
 *     credentialsProvider="weft-kafka-provisioner-password" credentialsProviderName="key-vault";
 * </pre>
 * The two options are named as Quarkus's datasources name them: {@code credentialsProvider} what is asked for,
 * {@code credentialsProviderName} the provider bean. Without them, the JAAS {@code password} option is the password,
 * as with Kafka's own handler.
 */
public class ScramCredentialsCallbackHandler implements AuthenticateCallbackHandler {

    private String username;
    private String password;
    private String provider;
    private String providerName;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (jaasConfigEntries.size() != 1) {
            throw new IllegalArgumentException("sasl.jaas.config must have exactly one login module entry, has " + jaasConfigEntries.size());
        }
        Map<String, ?> options = jaasConfigEntries.get(0).getOptions();
        username = option(options, "username");
        password = option(options, "password");
        provider = option(options, "credentialsProvider");
        providerName = option(options, "credentialsProviderName");
        if (username == null) {
            throw new IllegalArgumentException("sasl.jaas.config has no username option");
        }
        if (provider != null && providerName == null) {
            throw new IllegalArgumentException("sasl.jaas.config names credentialsProvider=" + provider
                    + " without credentialsProviderName (the provider bean, e.g. key-vault)");
        }
        if (provider == null && password == null) {
            throw new IllegalArgumentException("sasl.jaas.config has neither a password nor a credentialsProvider option");
        }
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback passwordCallback) {
                passwordCallback.setPassword(currentPassword().toCharArray());
            } else if (!(callback instanceof ScramExtensionsCallback)) {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private String currentPassword() {
        if (provider == null) {
            return password;
        }
        String value = CredentialsProviderFinder.find(providerName).getCredentials(provider).get(CredentialsProvider.PASSWORD_PROPERTY_NAME);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("The credentials provider " + providerName + " has no password for " + provider);
        }
        return value;
    }

    private static String option(Map<String, ?> options, String name) {
        Object value = options.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void close() {
    }
}
