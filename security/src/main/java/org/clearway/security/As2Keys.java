package org.clearway.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.util.Optional;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's AS2 key (RFC 4130): partners verify its signatures and encrypt to its certificate,
 * so the certificate must allow both, digitalSignature and keyEncipherment (RSA key transport,
 * RFC 5280 §4.2.1.3; stricter AS2 products refuse to encrypt to a certificate without it). It is
 * not the declaration-signing key and is named apart from it.
 *
 * <p>Without a configured keystore, a development key is generated once under the station's key
 * directory: RSA-3072, {@code CN=Clearway development AS2 certificate, O=Clearway}, key usage
 * digitalSignature + keyEncipherment (critical), issued by a throw-away {@code CN=Clearway
 * development AS2 CA}; file {@value #DEVELOPMENT_FILE}, alias {@value #DEVELOPMENT_ALIAS}, store
 * password {@link SigningKeys#DEVELOPMENT_STORE_PASSWORD}.
 *
 * <p>Older versions generated the AS2 development key like the declaration-signing key
 * ({@code clearway-development-signing-rsa-3072.p12}, digitalSignature only). Such a key is not
 * used any more: a new one is generated beside it (the old file is left as it is), and the old key
 * is still offered for decryption, so partners that encrypt to the old certificate keep working
 * until they fetch the new one.
 */
public final class As2Keys {
    private static final Logger LOG = LoggerFactory.getLogger(As2Keys.class);

    public static final String DEVELOPMENT_FILE = "clearway-development-as2-rsa-3072.p12";
    public static final String DEVELOPMENT_ALIAS = "clearway-development-as2";
    public static final String DEVELOPMENT_SUBJECT = "CN=Clearway development AS2 certificate, O=Clearway";
    public static final String DEVELOPMENT_CA_SUBJECT = "CN=Clearway development AS2 CA, O=Clearway";
    /** What versions before the AS2 key had its own identity stored in the AS2 key directory. */
    static final String LEGACY_FILE = "clearway-development-signing-rsa-3072.p12";

    /** RFC 5280 §4.2.1.3 bit numbers in {@link X509Certificate#getKeyUsage()}. */
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;

    private As2Keys() {}

    /** The development AS2 key, and a previous development key kept for decryption only. */
    public record Development(KeyMaterial key, Optional<KeyMaterial> previous) {
    }

    /**
     * Returns the development AS2 key stored in {@code dir}, generating it first if missing. A
     * legacy key there that lacks keyEncipherment is replaced (see the class comment); one that has
     * it is kept as the AS2 key.
     */
    public static Development loadOrGenerateDevelopment(Path dir, Clock clock) {
        Path file = dir.resolve(DEVELOPMENT_FILE);
        char[] password = SigningKeys.DEVELOPMENT_STORE_PASSWORD.toCharArray();
        Optional<KeyMaterial> legacy = legacy(dir, password);
        if (legacy.isPresent() && !Files.exists(file) && fitForAs2(legacy.get().signerCertificate())) {
            LOG.warn("DEVELOPMENT AS2 KEY in use from {} (key id {})", dir.resolve(LEGACY_FILE), legacy.get().signerKeyId());
            return new Development(legacy.get(), Optional.empty());
        }
        if (!Files.exists(file)) {
            KeyMaterial generated = SigningKeys.generateDevelopment(KeyAlgorithm.RSA_PSS, clock, DEVELOPMENT_SUBJECT,
                    DEVELOPMENT_CA_SUBJECT, KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
            if (SigningKeys.store(generated, dir, file, DEVELOPMENT_ALIAS, password)) {
                LOG.warn("DEVELOPMENT AS2 KEY generated and stored in {} (alias {}, key id {}); partners fetch its"
                        + " certificate from GET /v1/as2/certificate", file, DEVELOPMENT_ALIAS, generated.signerKeyId());
                legacy.ifPresent(old -> LOG.warn("The AS2 development certificate of an older version ({}, key id {})"
                        + " lacks keyEncipherment and is replaced by {}; it still decrypts messages encrypted to it,"
                        + " but partners must fetch the new certificate to verify the gateway's signatures",
                        dir.resolve(LEGACY_FILE), old.signerKeyId(), file));
                return new Development(generated, legacy);
            }
        }
        KeyMaterial loaded = SigningKeys.read(file, password, DEVELOPMENT_ALIAS, null);
        LOG.warn("DEVELOPMENT AS2 KEY in use from {} (alias {}, key id {}); configure clearway.as2.keystore for"
                + " production", file, DEVELOPMENT_ALIAS, loaded.signerKeyId());
        SigningKeys.warnIfExpiring(loaded, clock);
        return new Development(loaded, legacy.filter(old -> !fitForAs2(old.signerCertificate())));
    }

    /**
     * Whether partners can both verify signatures of and encrypt to this certificate: an RSA key
     * whose key usage, if present, has digitalSignature and keyEncipherment.
     */
    public static boolean fitForAs2(X509Certificate certificate) {
        if (!(certificate.getPublicKey() instanceof RSAKey)) {
            return false;
        }
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || (usage.length > KEY_ENCIPHERMENT && usage[DIGITAL_SIGNATURE] && usage[KEY_ENCIPHERMENT]);
    }

    private static Optional<KeyMaterial> legacy(Path dir, char[] password) {
        Path file = dir.resolve(LEGACY_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SigningKeys.read(file, password, SigningKeys.DEVELOPMENT_ALIAS, null));
        } catch (SigningKeyException e) {
            LOG.warn("Older AS2 development keystore {} not readable, ignored: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
