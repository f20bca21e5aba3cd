package io.weft.fabric.client.http;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import io.weft.fabric.client.config.FabricSettings;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The azure-core HTTP client every Fabric, OneLake and Entra call goes through: the JDK HttpClient, trusting the
 * JDK's CAs plus, when configured, one extra PEM certificate, for this client only (never JVM-wide).
 */
public final class TrustingHttpClients {

    private TrustingHttpClients() {
    }

    public static HttpClient create(Optional<Path> trustCertificate, FabricSettings.Http http) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                .connectTimeout(http.connectTimeout());
        trustCertificate.ifPresent(pem -> jdk.sslContext(sslContextTrusting(pem)));
        return new JdkHttpClientBuilder(jdk).connectionTimeout(http.connectTimeout()).responseTimeout(http.responseTimeout())
                .build();
    }

    /** An SSLContext trusting the JDK defaults and every certificate in {@code pem}. */
    public static SSLContext sslContextTrusting(Path pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(pem)) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("weft-trusted-" + i++, certificate);
                }
            }
            X509TrustManager extra = x509(store);
            X509TrustManager defaults = x509(null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new EitherTrustManager(extra, defaults) }, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trust certificate " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build an SSL context trusting " + pem, e);
        }
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("No X509TrustManager available");
    }

    /** Trusts a server chain when either the configured certificate or the JDK's CAs do. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkClientTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
