package org.clearway.security.as2;

/**
 * The layers the gateway puts around an outbound payload (RFC 4130 §2.4.2, RFC 5402 §3 for the
 * position of compression).
 *
 * @param signWith    digest of the signature, {@code null} for unsigned
 * @param compression where compression goes, if anywhere
 * @param encryptWith content encryption, {@code null} for unencrypted
 * @param micWith     MIC algorithm for unsigned messages (the signature digest is used when signed)
 */
public record As2Protection(MicAlgorithm signWith, Compression compression, EncryptionAlgorithm encryptWith,
                            MicAlgorithm micWith) {
    /** RFC 5402 §3: compress the payload before signing, or the signed entity after signing. */
    public enum Compression { NONE, BEFORE_SIGNING, AFTER_SIGNING }

    public As2Protection {
        if (compression == null) {
            compression = Compression.NONE;
        }
        if (micWith == null) {
            micWith = signWith != null ? signWith : MicAlgorithm.SHA256;
        }
    }

    /** Signed and encrypted with the partner's preferred algorithms, optionally compressed before signing. */
    public static As2Protection forPolicy(As2PartnerPolicy policy, boolean compress) {
        MicAlgorithm mic = policy.micAlgorithms().get(0);
        return new As2Protection(mic, compress ? Compression.BEFORE_SIGNING : Compression.NONE,
                policy.encryptionAlgorithms().get(0), mic);
    }

    /** The algorithm of the MIC the sender expects back in the MDN. */
    public MicAlgorithm micAlgorithm() {
        return signWith != null ? signWith : micWith;
    }
}
