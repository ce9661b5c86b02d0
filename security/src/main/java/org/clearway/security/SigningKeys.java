package org.clearway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the gateway's signing key (CANONICAL-MODEL §10.2): from a PKCS#12 keystore in production,
 * or a development key pair that is generated once under the data directory and reused on every
 * later start.
 *
 * <p>The development key is an ECDSA P-256 (or RSA-3072) key with a certificate
 * {@code CN=Clearway development signing key, O=Clearway}, valid for two years, key usage
 * digitalSignature, issued by a throw-away development CA ({@code CN=Clearway development
 * signing CA}) whose private key is discarded after issuing. The keystore holds the chain
 * [signer, CA], so a backend can verify with {@code openssl cms -verify -CAfile ca.pem} exactly as
 * it will with the production CA. The file is written with permissions 600 where the file system
 * supports POSIX permissions.
 */
public final class SigningKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    /** Alias of the key entry in the development keystore. */
    public static final String DEVELOPMENT_ALIAS = "clearway-development-signing";
    /**
     * Password of the development keystore. It protects nothing: the development key is for
     * development only and its file is readable by the owner alone.
     */
    public static final String DEVELOPMENT_STORE_PASSWORD = "clearway-development";
    public static final String DEVELOPMENT_SUBJECT = "CN=Clearway development signing key, O=Clearway";
    public static final String DEVELOPMENT_CA_SUBJECT = "CN=Clearway development signing CA, O=Clearway";

    /** Back-dating covers clocks of verifiers that run a little behind. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final int VALIDITY_YEARS = 2;
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SigningKeys() {}

    /**
     * Loads a private key and its certificate chain from a PKCS#12 keystore.
     *
     * @param keystore      path of the {@code .p12} file
     * @param storePassword keystore password
     * @param alias         alias of the key entry; {@code null} or blank to take the only key entry
     * @param keyPassword   key password; {@code null} when it equals the store password
     * @throws SigningKeyException when the file, password or alias is wrong, or the key is not usable
     */
    public static KeyMaterial loadPkcs12(Path keystore, char[] storePassword, String alias, char[] keyPassword) {
        KeyMaterial material = read(keystore, storePassword, alias, keyPassword);
        LOG.info("Loaded signing key from {}: {}", keystore, material);
        warnIfExpiring(material, Clock.systemUTC());
        return material;
    }

    static KeyMaterial read(Path keystore, char[] storePassword, String alias, char[] keyPassword) {
        KeyStore store = readKeyStore(keystore, storePassword);
        try {
            String entry = (alias == null || alias.isBlank()) ? onlyKeyAlias(store, keystore) : alias;
            if (!store.containsAlias(entry)) {
                throw new SigningKeyException("alias '" + entry + "' not found in keystore " + keystore
                        + " (aliases: " + String.join(", ", Collections.list(store.aliases())) + ")");
            }
            if (!store.isKeyEntry(entry)) {
                throw new SigningKeyException("entry '" + entry + "' in keystore " + keystore
                        + " holds no private key (it is a trusted-certificate entry)");
            }
            PrivateKey key = (PrivateKey) store.getKey(entry, keyPassword != null ? keyPassword : storePassword);
            Certificate[] certificates = store.getCertificateChain(entry);
            if (key == null || certificates == null || certificates.length == 0) {
                throw new SigningKeyException("entry '" + entry + "' in keystore " + keystore
                        + " has no private key with a certificate chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                chain.add((X509Certificate) certificate);
            }
            return KeyMaterial.of(key, chain);
        } catch (UnrecoverableKeyException e) {
            throw new SigningKeyException("wrong key password for " + describe(alias) + " in keystore " + keystore, e);
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("cannot read " + describe(alias) + " from keystore " + keystore
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@link #loadOrGenerateDevelopment(Path, KeyAlgorithm, Clock)} with ECDSA P-256 and the system clock. */
    public static KeyMaterial loadOrGenerateDevelopment(Path dataDir) {
        return loadOrGenerateDevelopment(dataDir, KeyAlgorithm.EC_P256, Clock.systemUTC());
    }

    /**
     * Returns the development signing key stored under {@code dataDir}, generating and storing it
     * first if it does not exist yet. An existing key is never replaced, not even when expired
     * (delete the file to get a new one): backends may have pinned its certificate.
     *
     * @param dataDir   the gateway's data directory (created if missing)
     * @param algorithm key type; each type has its own file ({@link #developmentKeystore})
     * @param clock     time source for the certificate validity
     */
    public static KeyMaterial loadOrGenerateDevelopment(Path dataDir, KeyAlgorithm algorithm, Clock clock) {
        Path file = developmentKeystore(dataDir, algorithm);
        char[] password = DEVELOPMENT_STORE_PASSWORD.toCharArray();
        if (!Files.exists(file)) {
            KeyMaterial generated = generateDevelopment(algorithm, clock);
            if (store(generated, dataDir, file, DEVELOPMENT_ALIAS, password)) {
                LOG.warn("DEVELOPMENT SIGNING KEY generated and stored in {} (key id {}). Declarations signed "
                        + "with it are only fit for development and tests; configure a PKCS#12 keystore for "
                        + "production (CANONICAL-MODEL §10.2).", file, generated.signerKeyId());
                return generated;
            }
        }
        KeyMaterial loaded = read(file, password, DEVELOPMENT_ALIAS, null);
        LOG.warn("DEVELOPMENT SIGNING KEY in use from {} (key id {}). Declarations signed with it are only "
                + "fit for development and tests; configure a PKCS#12 keystore for production "
                + "(CANONICAL-MODEL §10.2).", file, loaded.signerKeyId());
        warnIfExpiring(loaded, clock);
        return loaded;
    }

    /** Where {@link #loadOrGenerateDevelopment} keeps the development keystore of that key type. */
    public static Path developmentKeystore(Path dataDir, KeyAlgorithm algorithm) {
        String suffix = algorithm == KeyAlgorithm.EC_P256 ? "ec-p256" : "rsa-3072";
        return dataDir.resolve("clearway-development-signing-" + suffix + ".p12");
    }

    /**
     * Generates a development key and its chain [signer, development CA] in memory, without
     * storing it. Used by {@link #loadOrGenerateDevelopment} and handy for tests of callers.
     */
    public static KeyMaterial generateDevelopment(KeyAlgorithm algorithm, Clock clock) {
        return generateDevelopment(algorithm, clock, DEVELOPMENT_SUBJECT, DEVELOPMENT_CA_SUBJECT, KeyUsage.digitalSignature);
    }

    /**
     * Generates a development key with the given names and key usage (RFC 5280 §4.2.1.3 bits of
     * {@link KeyUsage}), its chain [key, throw-away CA]; shared by the signing and the AS2 key.
     */
    static KeyMaterial generateDevelopment(KeyAlgorithm algorithm, Clock clock, String subject, String caSubject,
                                           int keyUsage) {
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Date notBefore = Date.from(now.minus(BACKDATE));
            Date notAfter = Date.from(now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant());
            KeyPair caKeys = generateKeyPair(KeyAlgorithm.EC_P256);
            KeyPair signerKeys = generateKeyPair(algorithm);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            // X500Principal reads RFC 4514 strings, so the encoded order is O then CN as usual
            X500Principal caName = new X500Principal(caSubject);
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, randomSerial(), notBefore,
                    notAfter, caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

            X509v3CertificateBuilder signer = new JcaX509v3CertificateBuilder(caCertificate, randomSerial(),
                    notBefore, notAfter, new X500Principal(subject), signerKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(signerKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate signerCertificate = sign(signer, caKeys.getPrivate());
            return KeyMaterial.of(signerKeys.getPrivate(), List.of(signerCertificate, caCertificate));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new SigningKeyException("cannot generate a development key: " + e.getMessage(), e);
        }
    }

    private static KeyPair generateKeyPair(KeyAlgorithm algorithm) throws GeneralSecurityException {
        if (algorithm == KeyAlgorithm.EC_P256) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(BouncyCastle.PROVIDER).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    /** Positive 127-bit random serial (RFC 5280 §4.1.2.2: at most 20 octets, unpredictable). */
    private static BigInteger randomSerial() {
        return new BigInteger(127, new SecureRandom()).setBit(120);
    }

    /**
     * Writes the keystore to a private temporary file and moves it into place, so a crash never
     * leaves a truncated keystore behind.
     *
     * @return false when another process stored a key first (the caller then loads that one)
     */
    static boolean store(KeyMaterial material, Path dataDir, Path file, String alias, char[] password) {
        Path temporary = null;
        try {
            Files.createDirectories(dataDir);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, material.privateKey(), password,
                    material.chain().toArray(new Certificate[0]));
            temporary = createPrivateFile(dataDir, file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, password);
            }
            // createLink fails if the target exists: never overwrite a key another start stored first.
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException linkNotSupported) {
                moveIntoPlace(temporary, file);
            }
            return true;
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningKeyException("cannot store the development signing key in " + file + ": "
                    + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds the same key as the stored one
                }
            }
        }
    }

    private static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file);
        }
    }

    private static Path createPrivateFile(Path dir, String name) throws IOException {
        Path path = dir.resolve(name);
        Files.deleteIfExists(path);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        LOG.warn("File system of {} has no POSIX permissions: restrict access to the development key yourself", dir);
        return Files.createFile(path);
    }

    private static KeyStore readKeyStore(Path keystore, char[] storePassword) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, storePassword);
            return store;
        } catch (NoSuchFileException e) {
            throw new SigningKeyException("signing keystore " + keystore + " does not exist", e);
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException caused by UnrecoverableKeyException
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new SigningKeyException("wrong store password for signing keystore " + keystore, e);
            }
            throw new SigningKeyException("cannot read signing keystore " + keystore + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("cannot read signing keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static String describe(String alias) {
        return alias == null || alias.isBlank() ? "the only key entry" : "key entry '" + alias + "'";
    }

    private static String onlyKeyAlias(KeyStore store, Path keystore) throws GeneralSecurityException {
        List<String> keyAliases = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keyAliases.add(alias);
            }
        }
        if (keyAliases.size() != 1) {
            throw new SigningKeyException("keystore " + keystore + " holds " + keyAliases.size()
                    + " key entries " + keyAliases + ": configure the key alias");
        }
        return keyAliases.get(0);
    }

    static void warnIfExpiring(KeyMaterial material, Clock clock) {
        Instant notAfter = material.signerCertificate().getNotAfter().toInstant();
        Instant now = clock.instant();
        if (notAfter.isBefore(now)) {
            LOG.error("Signing certificate {} (key id {}) expired at {}: backends will reject its signatures",
                    material.signerCertificate().getSubjectX500Principal(), material.signerKeyId(), notAfter);
        } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
            LOG.warn("Signing certificate {} (key id {}) expires at {}; announce its successor 30 days ahead "
                    + "(CANONICAL-MODEL §10.2)", material.signerCertificate().getSubjectX500Principal(),
                    material.signerKeyId(), notAfter);
        }
    }
}
