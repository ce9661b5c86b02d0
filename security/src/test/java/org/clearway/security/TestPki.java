package org.clearway.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates built with Bouncy Castle in memory, so no keystore is committed (STYLE §6). */
final class TestPki {
    static final Instant NOW = Instant.parse("2026-11-24T06:20:15Z");
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A key pair with its certificate (and the issuing CA, null when self-signed). */
    record Issued(KeyPair keys, X509Certificate certificate, Issued issuer) {
        KeyMaterial material() {
            return issuer == null ? KeyMaterial.of(keys.getPrivate(), List.of(certificate))
                    : KeyMaterial.of(keys.getPrivate(), List.of(certificate, issuer.certificate()));
        }

        PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    private TestPki() {}

    static KeyPair ecKeys() {
        return keys("EC");
    }

    static KeyPair keys(String type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.startsWith("EC") ? "EC" : "RSA");
            switch (type) {
                case "EC", "EC-P256" -> generator.initialize(new ECGenParameterSpec("secp256r1"));
                case "EC-P384" -> generator.initialize(new ECGenParameterSpec("secp384r1"));
                case "RSA", "RSA-3072" -> generator.initialize(3072);
                case "RSA-1024" -> generator.initialize(1024);
                default -> throw new IllegalArgumentException(type);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued ca(String name) {
        KeyPair keys = ecKeys();
        X509Certificate certificate = certificate(name, keys, new X500Name(name), keys.getPrivate(), NOT_BEFORE, NOT_AFTER,
                true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        return new Issued(keys, certificate, null);
    }

    static Issued signer(String name, String keyType, Issued ca) {
        return signer(name, keys(keyType), ca, NOT_BEFORE, NOT_AFTER, KeyUsage.digitalSignature);
    }

    static Issued signer(String name, KeyPair keys, Issued ca, Instant notBefore, Instant notAfter, int keyUsage) {
        X509Certificate certificate = certificate(name, keys,
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                ca.privateKey(), notBefore, notAfter, false, keyUsage);
        return new Issued(keys, certificate, ca);
    }

    static Issued intermediate(String name, Issued ca, Instant notBefore, Instant notAfter) {
        KeyPair keys = ecKeys();
        X509Certificate certificate = certificate(name, keys,
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                ca.privateKey(), notBefore, notAfter, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        return new Issued(keys, certificate, ca);
    }

    static Issued selfSigned(String name, String keyType, int keyUsage) {
        KeyPair keys = keys(keyType);
        return new Issued(keys, certificate(name, keys, new X500Name(name), keys.getPrivate(), NOT_BEFORE, NOT_AFTER, false,
                keyUsage), null);
    }

    private static X509Certificate certificate(String subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
                                               Instant notBefore, Instant notAfter, boolean ca, int keyUsage) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
