package org.clearway.security.as2;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AS2 partner's security profile (CUSTOMS-AND-POSTAL-INTERFACES §2.1): who the partner is, the
 * certificates its signatures must come from (and that messages to it are encrypted for), what
 * protection its messages must carry, which algorithms are accepted, and how it wants its MDNs.
 * Weak algorithms (SHA-1, MD5, 3DES, RC2) are accepted only when listed here, and listing one logs
 * a warning. Immutable.
 *
 * @param partnerAs2Id           the partner's AS2 name (AS2-From of its messages, RFC 4130 §6.2)
 * @param gatewayAs2Id           the gateway's AS2 name towards this partner (AS2-To)
 * @param partnerCertificates    certificates the partner signs with; the first one is the current
 *                               encryption certificate; more than one during a rotation
 * @param requireSigned          unsigned inbound messages get {@code insufficient-message-security}
 * @param requireEncrypted       unencrypted inbound messages get {@code insufficient-message-security}
 * @param micAlgorithms          accepted signature / MIC digests; the first is used for sending
 * @param encryptionAlgorithms   accepted content encryption; the first is used for sending
 * @param mdnMode                how the partner asks for (and the gateway requests) receipts
 * @param asyncMdnUrl            where async MDNs to this partner may go ({@code null} unless ASYNC)
 * @param requireSignedMdn       an unsigned MDN from this partner is not accepted as a receipt
 * @param maxDecompressedBytes   cap for inflating compressed-data (RFC 3274), per message
 */
public record As2PartnerPolicy(String partnerAs2Id, String gatewayAs2Id, List<X509Certificate> partnerCertificates,
                               boolean requireSigned, boolean requireEncrypted, List<MicAlgorithm> micAlgorithms,
                               List<EncryptionAlgorithm> encryptionAlgorithms, MdnMode mdnMode, URI asyncMdnUrl,
                               boolean requireSignedMdn, long maxDecompressedBytes) {
    private static final Logger LOG = LoggerFactory.getLogger(As2PartnerPolicy.class);

    /** 64 MiB: far above a postal interchange, far below a heap. */
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 64L * 1024 * 1024;

    /** Receipt mode (RFC 4130 §7.1): none, synchronous in the HTTP response, or asynchronous to a URL. */
    public enum MdnMode { NONE, SYNC, ASYNC }

    public As2PartnerPolicy {
        Objects.requireNonNull(partnerAs2Id, "partnerAs2Id");
        Objects.requireNonNull(gatewayAs2Id, "gatewayAs2Id");
        partnerCertificates = List.copyOf(partnerCertificates);
        micAlgorithms = List.copyOf(micAlgorithms);
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
        Objects.requireNonNull(mdnMode, "mdnMode");
        if (micAlgorithms.isEmpty() || encryptionAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("partner " + partnerAs2Id + ": at least one MIC and one encryption algorithm");
        }
        if ((requireSigned || requireSignedMdn) && partnerCertificates.isEmpty()) {
            throw new IllegalArgumentException("partner " + partnerAs2Id + " requires signatures but has no certificate");
        }
        if (mdnMode == MdnMode.ASYNC && asyncMdnUrl == null) {
            throw new IllegalArgumentException("partner " + partnerAs2Id + ": ASYNC MDN mode needs asyncMdnUrl");
        }
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive");
        }
        if (micAlgorithms.get(0).weak() || encryptionAlgorithms.get(0).weak()) {
            throw new IllegalArgumentException("partner " + partnerAs2Id
                    + ": a weak algorithm may be accepted but not preferred for sending");
        }
        micAlgorithms.stream().filter(MicAlgorithm::weak).forEach(algorithm -> LOG.warn(
                "AS2 partner {} is allowed the weak digest {} (explicit policy)", partnerAs2Id, algorithm.micalg()));
        encryptionAlgorithms.stream().filter(EncryptionAlgorithm::weak).forEach(algorithm -> LOG.warn(
                "AS2 partner {} is allowed the weak cipher {} (explicit policy)", partnerAs2Id, algorithm));
    }

    /**
     * The default profile: signed and encrypted required, SHA-256/384/512, AES-128/192/256-CBC,
     * synchronous signed MDN, 64 MiB decompression cap.
     */
    public static As2PartnerPolicy strict(String partnerAs2Id, String gatewayAs2Id, List<X509Certificate> certificates) {
        return new As2PartnerPolicy(partnerAs2Id, gatewayAs2Id, certificates, true, true,
                List.of(MicAlgorithm.SHA256, MicAlgorithm.SHA384, MicAlgorithm.SHA512),
                List.of(EncryptionAlgorithm.AES256_CBC, EncryptionAlgorithm.AES128_CBC, EncryptionAlgorithm.AES192_CBC,
                        EncryptionAlgorithm.AES256_GCM, EncryptionAlgorithm.AES128_GCM),
                MdnMode.SYNC, null, true, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    public As2PartnerPolicy withRequirements(boolean signed, boolean encrypted) {
        return new As2PartnerPolicy(partnerAs2Id, gatewayAs2Id, partnerCertificates, signed, encrypted, micAlgorithms,
                encryptionAlgorithms, mdnMode, asyncMdnUrl, requireSignedMdn, maxDecompressedBytes);
    }

    public As2PartnerPolicy withAlgorithms(List<MicAlgorithm> mics, List<EncryptionAlgorithm> ciphers) {
        return new As2PartnerPolicy(partnerAs2Id, gatewayAs2Id, partnerCertificates, requireSigned, requireEncrypted,
                mics, ciphers, mdnMode, asyncMdnUrl, requireSignedMdn, maxDecompressedBytes);
    }

    public As2PartnerPolicy withMaxDecompressedBytes(long max) {
        return new As2PartnerPolicy(partnerAs2Id, gatewayAs2Id, partnerCertificates, requireSigned, requireEncrypted,
                micAlgorithms, encryptionAlgorithms, mdnMode, asyncMdnUrl, requireSignedMdn, max);
    }

    public boolean accepts(MicAlgorithm algorithm) {
        return micAlgorithms.contains(algorithm);
    }

    public boolean accepts(EncryptionAlgorithm algorithm) {
        return encryptionAlgorithms.contains(algorithm);
    }

    /** The accepted digests as a set, for lookups. */
    public Set<MicAlgorithm> micAlgorithmSet() {
        return micAlgorithms.isEmpty() ? Set.of() : EnumSet.copyOf(micAlgorithms);
    }

    /** The certificate messages to this partner are encrypted for. */
    public X509Certificate encryptionCertificate() {
        if (partnerCertificates.isEmpty()) {
            throw new IllegalStateException("partner " + partnerAs2Id + " has no certificate to encrypt for");
        }
        return partnerCertificates.get(0);
    }
}
