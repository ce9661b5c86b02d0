package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Partner trust files come from many tools, so reading is tolerant of framing but strict about content. */
class PemTest {
    private static final TestPki.Issued CA = TestPki.ca("CN=PEM CA");
    private static final TestPki.Issued SIGNER = TestPki.signer("CN=PEM signer", "EC", CA);

    @Test
    void writesStandardPemBlocksAndReadsThemBack() {
        String pem = Pem.write(List.of(SIGNER.certificate(), CA.certificate()));

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n")
                .doesNotContain("\r");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(Pem.readCertificates(pem)).containsExactly(SIGNER.certificate(), CA.certificate());
    }

    @Test
    void readsCrlfFilesWithExplanatoryTextAndSkipsOtherBlocks() {
        String pem = "Subject: CN=PEM signer\r\nIssuer: CN=PEM CA\r\n"
                + Pem.write(SIGNER.certificate()).replace("\n", "\r\n")
                + "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
                + "  " + Pem.write(CA.certificate()).replace("-----BEGIN CERTIFICATE-----", "-----BEGIN X509 CERTIFICATE-----")
                .replace("-----END CERTIFICATE-----", "-----END X509 CERTIFICATE-----");

        assertThat(Pem.readCertificates(pem)).containsExactly(SIGNER.certificate(), CA.certificate());
    }

    @Test
    void rejectsTextWithoutCertificates() {
        assertThatThrownBy(() -> Pem.readCertificates("just some text\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
    }

    @Test
    void rejectsBrokenBlocks() {
        String pem = Pem.write(SIGNER.certificate());
        String corrupted = pem.replaceFirst("\n(.)", "\n*$1");
        String unclosed = pem.substring(0, pem.indexOf("-----END"));
        String mismatched = pem.replace("-----END CERTIFICATE-----", "-----END PUBLIC KEY-----");
        String truncatedDer = pem.replaceFirst("\n[^\n]*\n-----END", "\n-----END");

        assertThatThrownBy(() -> Pem.readCertificates(corrupted)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.readCertificates(unclosed)).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Pem.readCertificates(mismatched)).hasMessageContaining("does not close");
        assertThatThrownBy(() -> Pem.readCertificates(truncatedDer)).hasMessageContaining("cannot be decoded");
    }
}
