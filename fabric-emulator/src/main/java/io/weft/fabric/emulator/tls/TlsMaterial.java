package io.weft.fabric.emulator.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The emulator's server certificate and key, generated in-process or loaded from PEM files. */
public final class TlsMaterial {

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private TlsMaterial(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A fresh EC P-256 self-signed certificate for localhost and 127.0.0.1, valid for a year. */
    public static TlsMaterial selfSigned(String host) {
        return selfSigned(host, null);
    }

    /** As {@link #selfSigned(String)}, also naming {@code otherHost} (the operations listener's), when not null. */
    public static TlsMaterial selfSigned(String host, String otherHost) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=Weft Fabric emulator");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
            GeneralName[] names = "127.0.0.1".equals(host) || "localhost".equals(host) || "0.0.0.0".equals(host)
                    ? new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}
                    : new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(host.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, host)};
            if (otherHost != null && !otherHost.equals(host)) {
                names = java.util.Arrays.copyOf(names, names.length + 1);
                names[names.length - 1] = new GeneralName(otherHost.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, otherHost);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new TlsMaterial(new JcaX509CertificateConverter().getCertificate(holder), keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("Could not generate the emulator's TLS certificate", e);
        }
    }

    /** Loads a certificate PEM and its PKCS#8 private key PEM (RSA or EC). */
    public static TlsMaterial fromPem(Path certificatePem, Path privateKeyPem) {
        try {
            var certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificatePem)));
            byte[] der = pemBody(Files.readString(privateKeyPem));
            PrivateKey key;
            try {
                key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notEc) {
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            return new TlsMaterial(certificate, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not load the TLS certificate " + certificatePem + " / key " + privateKeyPem, e);
        }
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM form. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate PEM to {@code file} and returns it. */
    public Path writeCertificatePem(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, certificatePem(), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server side: presents this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "emulator".toCharArray();
            store.setKeyEntry("server", privateKey, password, new java.security.cert.Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the server TLS context", e);
        }
    }

    /** A client side that trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("fabric-emulator", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the client TLS context", e);
        }
    }
}
