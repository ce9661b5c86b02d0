package org.clearway.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * PEM (RFC 7468) for certificates: writes the gateway's signing certificates for
 * {@code GET /v1/customs/certificates} (CUSTOMS-AND-POSTAL §3.2) and reads partner trust files.
 *
 * <p>Written form: {@code -----BEGIN CERTIFICATE-----}, base64 in 64-character lines, LF line
 * ends, one block after the other. Reading accepts {@code CERTIFICATE} and the legacy
 * {@code X509 CERTIFICATE} label, ignores text between blocks (such as the output of
 * {@code openssl x509 -text}) and skips other blocks, and rejects a file without any certificate.
 */
public final class Pem {
    /** Media type of the written form (RFC 8555 §9.1 uses it for PEM certificate chains). */
    public static final String MEDIA_TYPE = "application/pem-certificate-chain";

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {}

    /** Encodes one certificate as a PEM block ending with a line feed. */
    public static String write(X509Certificate certificate) {
        return write(List.of(certificate));
    }

    /** Encodes the certificates, in the given order, as concatenated PEM blocks. */
    public static String write(Collection<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(ENCODER.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                        + " cannot be DER-encoded", e);
            }
        }
        return pem.toString();
    }

    /**
     * Reads all certificates of a PEM text.
     *
     * @throws IllegalArgumentException when a block is broken or no certificate is found
     */
    public static List<X509Certificate> readCertificates(String pem) {
        return readCertificates(pem, "PEM text");
    }

    /** Reads all certificates of a PEM file (US-ASCII/UTF-8). */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return readCertificates(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private static List<X509Certificate> readCertificates(String pem, String source) {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 is mandatory in every JRE", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        String label = null;
        StringBuilder body = new StringBuilder();
        int lineNumber = 0;
        for (String rawLine : pem.split("\r?\n|\r")) {
            lineNumber++;
            String line = rawLine.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring(11, line.length() - 5);
                    body.setLength(0);
                }
            } else if (line.startsWith("-----END ")) {
                if (!line.equals("-----END " + label + "-----")) {
                    throw new IllegalArgumentException(source + " line " + lineNumber + ": '" + line
                            + "' does not close '" + label + "'");
                }
                if (label.equals("CERTIFICATE") || label.equals("X509 CERTIFICATE")) {
                    certificates.add(decode(factory, body.toString(), source, lineNumber));
                }
                label = null;
            } else if (!line.contains(":")) {
                // RFC 1421 headers ("Proc-Type: ...") only occur in encrypted keys, which are skipped anyway
                body.append(line);
            }
        }
        if (label != null) {
            throw new IllegalArgumentException(source + ": PEM block '" + label + "' is not closed");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(source + " contains no PEM certificate");
        }
        return List.copyOf(certificates);
    }

    private static X509Certificate decode(CertificateFactory factory, String base64, String source, int line) {
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new IllegalArgumentException(source + ": certificate ending at line " + line
                    + " cannot be decoded: " + e.getMessage(), e);
        }
    }
}
