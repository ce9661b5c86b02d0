package org.clearway.security.as2;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * An inbound AS2 message that passed every check of its partner's policy: the payload, which
 * layers it came in, the verified signer and the MIC for the MDN (RFC 4130 §7.3.1).
 *
 * @param payload            the innermost content, transfer encoding removed
 * @param payloadContentType the innermost Content-Type, e.g. {@code application/EDIFACT}
 * @param signed             the message carried a signature that verified
 * @param encrypted          the message was enveloped-data
 * @param compressed         the message carried compressed-data
 * @param signer             the partner certificate that verified the signature, {@code null} if unsigned
 * @param mic                the MIC to return in {@code Received-Content-MIC}
 */
public record As2Inbound(byte[] payload, String payloadContentType, boolean signed, boolean encrypted,
                         boolean compressed, X509Certificate signer, Mic mic) {
    public As2Inbound {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(mic, "mic");
    }

    public Optional<X509Certificate> signerCertificate() {
        return Optional.ofNullable(signer);
    }
}
