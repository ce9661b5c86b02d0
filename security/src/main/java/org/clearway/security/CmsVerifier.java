package org.clearway.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Verifies a detached CMS signature (CANONICAL-MODEL §10.2) over given bytes against a set of
 * trusted certificates: decisions signed by customs backends (CUSTOMS-AND-POSTAL §3.3) and the
 * gateway's own signatures in tests.
 *
 * <p>A signature is {@link VerificationResult.Status#VALID} when the SignedData is detached with
 * exactly one SignerInfo using SHA-256/384/512; its signed attributes carry content-type id-data,
 * a message-digest equal to the digest of the content and a signing-time no more than five minutes
 * ahead of the clock; the signature value verifies; the signer certificate (from the signature, or
 * from the trusted set when the signature omits it) was valid at the signing-time and allows
 * digital signatures; and it either is one of the trusted certificates or chains (PKIX, path
 * validated at the signing-time, certificates of the signature as intermediates, no revocation
 * checks) to one of them. Anything else yields the first failing check with a readable reason;
 * {@link #verify} does not throw for bad input.
 *
 * <p>Without a time-stamp token the signing-time is the signer's claim: a holder of an expired key
 * could back-date it. Immutable and thread-safe.
 */
public final class CmsVerifier {
    private static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Digest algorithm OID -> JCA name; SHA-1 and MD5 are refused. */
    private static final Map<String, String> ACCEPTED_DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256.getId(), "SHA-256",
            NISTObjectIdentifiers.id_sha384.getId(), "SHA-384",
            NISTObjectIdentifiers.id_sha512.getId(), "SHA-512");

    private static final int MAX_CACHED_PATHS = 1024;

    private final List<X509Certificate> trusted;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    /**
     * Signer certificate fingerprint -> period in which a validated path to an anchor exists.
     * Path building costs about a millisecond and its outcome depends only on the date (anchors
     * are fixed, revocation is not checked), so each signer's path is built once per period.
     */
    private final Map<String, Period> validatedPaths = new ConcurrentHashMap<>();

    private record Period(Instant from, Instant to) {
        boolean contains(Instant time) {
            return !time.isBefore(from) && !time.isAfter(to);
        }
    }

    /** A verifier trusting {@code trusted} (signer certificates and/or CA certificates), system clock. */
    public CmsVerifier(Collection<X509Certificate> trusted) {
        this(trusted, Clock.systemUTC());
    }

    /**
     * @param trusted certificates accepted as signer certificates or as trust anchors of their chain
     * @param clock   used to reject signing-times in the future
     */
    public CmsVerifier(Collection<X509Certificate> trusted, Clock clock) {
        this.trusted = List.copyOf(trusted);
        this.clock = Objects.requireNonNull(clock, "clock");
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate certificate : this.trusted) {
            set.add(new TrustAnchor(certificate, null));
        }
        this.anchors = Set.copyOf(set);
    }

    public List<X509Certificate> trustedCertificates() {
        return trusted;
    }

    /** Like {@link #verify(byte[], byte[])} with the base64 form of a header or message property. */
    public VerificationResult verifyBase64(byte[] content, String base64Signature) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(Objects.requireNonNull(base64Signature, "base64Signature").trim());
        } catch (IllegalArgumentException e) {
            return VerificationResult.failed(VerificationResult.Status.MALFORMED, "signature is not valid base64");
        }
        return verify(content, der);
    }

    /**
     * Verifies {@code signature} over {@code content}.
     *
     * @param content   the exact bytes received
     * @param signature DER (or BER) CMS ContentInfo(SignedData) without eContent
     * @return the outcome; never {@code null}
     */
    public VerificationResult verify(byte[] content, byte[] signature) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signature, "signature");
        CMSSignedData signedData;
        try {
            CMSSignedData parsed = new CMSSignedData(signature);
            if (parsed.getSignedContent() != null) {
                return VerificationResult.failed(VerificationResult.Status.NOT_DETACHED,
                        "the signature encapsulates content; a detached signature is expected (CANONICAL-MODEL §10.2)");
            }
            signedData = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        } catch (CMSException | RuntimeException e) {
            return VerificationResult.failed(VerificationResult.Status.MALFORMED,
                    "not a CMS SignedData structure: " + e.getMessage());
        }
        Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            return VerificationResult.failed(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE,
                    "expected exactly one SignerInfo, found " + signers.size());
        }
        if (!CMSObjectIdentifiers.data.getId().equals(signedData.getSignedContentTypeOID())) {
            return VerificationResult.failed(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE,
                    "eContentType is " + signedData.getSignedContentTypeOID() + ", expected id-data");
        }
        return verifySigner(content, signedData, signers.iterator().next());
    }

    private VerificationResult verifySigner(byte[] content, CMSSignedData signedData, SignerInformation signer) {
        String digestName = ACCEPTED_DIGESTS.get(signer.getDigestAlgOID());
        if (digestName == null) {
            return VerificationResult.failed(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE,
                    "digest algorithm " + signer.getDigestAlgOID() + " is not accepted (SHA-256/384/512 are)");
        }
        AttributeTable attributes = signer.getSignedAttributes();
        if (attributes == null) {
            return VerificationResult.failed(VerificationResult.Status.SIGNED_ATTRIBUTES_INVALID,
                    "the SignerInfo has no signed attributes (CANONICAL-MODEL §10.2 requires content-type, "
                            + "message-digest and signing-time)");
        }
        ASN1Encodable contentType = singleValue(attributes, CMSAttributes.contentType);
        if (!CMSObjectIdentifiers.data.equals(contentType)) {
            return VerificationResult.failed(VerificationResult.Status.SIGNED_ATTRIBUTES_INVALID,
                    "content-type attribute is " + (contentType == null ? "missing or repeated" : contentType)
                            + ", expected id-data");
        }
        ASN1Encodable messageDigest = singleValue(attributes, CMSAttributes.messageDigest);
        if (!(messageDigest instanceof ASN1OctetString)) {
            return VerificationResult.failed(VerificationResult.Status.SIGNED_ATTRIBUTES_INVALID,
                    "message-digest attribute is missing, repeated or not an OCTET STRING");
        }
        Instant signingTime;
        try {
            ASN1Encodable time = singleValue(attributes, CMSAttributes.signingTime);
            if (time == null) {
                return VerificationResult.failed(VerificationResult.Status.SIGNED_ATTRIBUTES_INVALID,
                        "signing-time attribute is missing or repeated");
            }
            signingTime = Time.getInstance(time).getDate().toInstant();
        } catch (RuntimeException e) {
            return VerificationResult.failed(VerificationResult.Status.SIGNED_ATTRIBUTES_INVALID,
                    "signing-time attribute cannot be read: " + e.getMessage());
        }

        X509Certificate signerCertificate = findSignerCertificate(signedData, signer);
        if (signerCertificate == null) {
            return VerificationResult.failed(VerificationResult.Status.SIGNER_CERTIFICATE_MISSING,
                    "the signer certificate (" + signer.getSID().getIssuer() + ", serial "
                            + signer.getSID().getSerialNumber() + ") is neither in the signature nor trusted",
                    null, signingTime);
        }

        byte[] actualDigest;
        try {
            actualDigest = MessageDigest.getInstance(digestName).digest(content);
        } catch (GeneralSecurityException e) {
            return VerificationResult.failed(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE,
                    digestName + " is not available: " + e.getMessage(), signerCertificate, signingTime);
        }
        if (!MessageDigest.isEqual(actualDigest, ((ASN1OctetString) messageDigest).getOctets())) {
            return VerificationResult.failed(VerificationResult.Status.DIGEST_MISMATCH,
                    "the content's " + digestName + " digest differs from the signed message-digest: "
                            + "the content was changed or is not the signed content", signerCertificate, signingTime);
        }

        if (!isValidAt(signerCertificate, signingTime)) {
            return VerificationResult.failed(VerificationResult.Status.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
                    "signer certificate valid " + signerCertificate.getNotBefore().toInstant() + " .. "
                            + signerCertificate.getNotAfter().toInstant() + ", signing-time " + signingTime,
                    signerCertificate, signingTime);
        }

        VerificationResult signatureCheck = checkSignatureValue(signer, signerCertificate, signingTime);
        if (signatureCheck != null) {
            return signatureCheck;
        }

        if (signingTime.isAfter(clock.instant().plus(ALLOWED_CLOCK_SKEW))) {
            return VerificationResult.failed(VerificationResult.Status.SIGNING_TIME_IN_FUTURE,
                    "signing-time " + signingTime + " is ahead of the verifier clock " + clock.instant(),
                    signerCertificate, signingTime);
        }

        boolean[] keyUsage = signerCertificate.getKeyUsage();
        // KeyUsage bits 0 digitalSignature, 1 nonRepudiation/contentCommitment (RFC 5280 §4.2.1.3)
        if (keyUsage != null && !(keyUsage.length > 0 && keyUsage[0]) && !(keyUsage.length > 1 && keyUsage[1])) {
            return VerificationResult.failed(VerificationResult.Status.KEY_USAGE_NOT_ALLOWED,
                    "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation",
                    signerCertificate, signingTime);
        }

        return checkTrust(signedData, signerCertificate, signingTime);
    }

    private VerificationResult checkSignatureValue(SignerInformation signer, X509Certificate certificate,
                                                   Instant signingTime) {
        try {
            boolean ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(certificate));
            if (ok) {
                return null;
            }
            return VerificationResult.failed(VerificationResult.Status.SIGNATURE_INVALID,
                    "the signature value does not verify with the key of the signer certificate",
                    certificate, signingTime);
        } catch (CMSSignerDigestMismatchException e) {
            return VerificationResult.failed(VerificationResult.Status.DIGEST_MISMATCH,
                    "message-digest mismatch: " + e.getMessage(), certificate, signingTime);
        } catch (CMSVerifierCertificateNotValidException e) {
            return VerificationResult.failed(VerificationResult.Status.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
                    e.getMessage(), certificate, signingTime);
        } catch (OperatorCreationException e) {
            return VerificationResult.failed(VerificationResult.Status.UNSUPPORTED_ALGORITHM_OR_STRUCTURE,
                    "signature algorithm " + signer.getEncryptionAlgOID() + " cannot be verified: " + e.getMessage(),
                    certificate, signingTime);
        } catch (CMSException | RuntimeException e) {
            return VerificationResult.failed(VerificationResult.Status.SIGNATURE_INVALID,
                    "the signature value does not verify: " + e.getMessage(), certificate, signingTime);
        }
    }

    private VerificationResult checkTrust(CMSSignedData signedData, X509Certificate signerCertificate,
                                          Instant signingTime) {
        for (X509Certificate candidate : trusted) {
            if (sameEncoding(candidate, signerCertificate)) {
                return VerificationResult.valid(signerCertificate, signingTime);
            }
        }
        if (anchors.isEmpty()) {
            return VerificationResult.failed(VerificationResult.Status.UNTRUSTED_SIGNER,
                    "no trusted certificates are configured", signerCertificate, signingTime);
        }
        String fingerprint = CertificateFingerprints.sha256Hex(signerCertificate);
        Period cached = validatedPaths.get(fingerprint);
        if (cached != null && cached.contains(signingTime)) {
            return VerificationResult.valid(signerCertificate, signingTime);
        }
        try {
            List<X509Certificate> intermediates = new ArrayList<>(certificatesOf(signedData));
            intermediates.add(signerCertificate);
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signerCertificate);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(signingTime));
            parameters.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(intermediates)));
            CertPath path = CertPathBuilder.getInstance("PKIX").build(parameters).getCertPath();
            remember(fingerprint, path);
            return VerificationResult.valid(signerCertificate, signingTime);
        } catch (CertPathBuilderException e) {
            return VerificationResult.failed(VerificationResult.Status.UNTRUSTED_SIGNER,
                    "the signer certificate " + signerCertificate.getSubjectX500Principal()
                            + " does not chain to a trusted certificate: " + e.getMessage(),
                    signerCertificate, signingTime);
        } catch (GeneralSecurityException e) {
            return VerificationResult.failed(VerificationResult.Status.UNTRUSTED_SIGNER,
                    "certificate path validation failed: " + e.getMessage(), signerCertificate, signingTime);
        }
    }

    private void remember(String fingerprint, CertPath path) {
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        for (Certificate element : path.getCertificates()) {
            X509Certificate certificate = (X509Certificate) element;
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            to = notAfter.isBefore(to) ? notAfter : to;
        }
        if (validatedPaths.size() >= MAX_CACHED_PATHS) {
            validatedPaths.clear();
        }
        validatedPaths.put(fingerprint, new Period(from, to));
    }

    private X509Certificate findSignerCertificate(CMSSignedData signedData, SignerInformation signer) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> embedded = signedData.getCertificates().getMatches(signer.getSID());
        for (X509CertificateHolder holder : embedded) {
            X509Certificate certificate = toCertificate(holder);
            if (certificate != null) {
                return certificate;
            }
        }
        for (X509Certificate certificate : trusted) {
            try {
                if (signer.getSID().match(new JcaX509CertificateHolder(certificate))) {
                    return certificate;
                }
            } catch (CertificateEncodingException e) {
                // a trusted certificate that cannot be encoded cannot be the signer
            }
        }
        return null;
    }

    private static List<X509Certificate> certificatesOf(CMSSignedData signedData) {
        Store<X509CertificateHolder> store = signedData.getCertificates();
        List<X509Certificate> certificates = new ArrayList<>();
        for (X509CertificateHolder holder : store.getMatches(null)) {
            X509Certificate certificate = toCertificate(holder);
            if (certificate != null) {
                certificates.add(certificate);
            }
        }
        return certificates;
    }

    private static X509Certificate toCertificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            return null;
        }
    }

    private static boolean isValidAt(X509Certificate certificate, Instant time) {
        return !time.isBefore(certificate.getNotBefore().toInstant())
                && !time.isAfter(certificate.getNotAfter().toInstant());
    }

    private static boolean sameEncoding(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    /** The value of an attribute that must occur once with one value (RFC 5652 §11), else null. */
    private static ASN1Encodable singleValue(AttributeTable attributes, ASN1ObjectIdentifier type) {
        if (attributes.getAll(type).size() != 1) {
            return null;
        }
        Attribute attribute = attributes.get(type);
        return attribute.getAttrValues().size() == 1 ? attribute.getAttrValues().getObjectAt(0) : null;
    }
}
