package org.clearway.security.as2;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.clearway.security.KeyMaterial;

/** Self-signed RSA AS2 identities built in memory (STYLE §6: no committed keystores). */
final class As2TestKeys {
    static final Instant NOW = Instant.parse("2026-11-24T06:20:15Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AtomicLong SERIAL = new AtomicLong(5000);

    /** The gateway's identity and the partner's; generated once, RSA-2048 to keep tests quick. */
    static final KeyMaterial GATEWAY = identity("CN=Clearway Gateway", Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:00:00Z"));
    static final KeyMaterial PARTNER = identity("CN=Postal Partner", Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:00:00Z"));
    static final KeyMaterial STRANGER = identity("CN=Stranger", Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:00:00Z"));

    private As2TestKeys() {}

    static KeyMaterial identity(String subject, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").setProvider(As2Cms.BC).build(keys.getPrivate())));
            return KeyMaterial.of(keys.getPrivate(), List.of(certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's view of the partner: strict, trusting the partner's certificate. */
    static As2PartnerPolicy partnerPolicy() {
        return As2PartnerPolicy.strict("POSTAL-PARTNER", "CLEARWAY", List.of(PARTNER.signerCertificate()));
    }

    /** The partner's view of the gateway, used when the gateway's messages are read back in tests. */
    static As2PartnerPolicy gatewayPolicy() {
        return As2PartnerPolicy.strict("CLEARWAY", "POSTAL-PARTNER", List.of(GATEWAY.signerCertificate()));
    }
}
