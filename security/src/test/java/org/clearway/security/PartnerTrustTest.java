package org.clearway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One partner's certificates must never vouch for another partner's signatures (CUSTOMS-AND-POSTAL §1). */
class PartnerTrustTest {
    private static final byte[] DECISION = "{\"status\":\"RELEASED\"}".getBytes(StandardCharsets.UTF_8);
    private static final TestPki.Issued CUSTOMS_CA = TestPki.ca("CN=Demo customs CA");
    private static final TestPki.Issued CUSTOMS = TestPki.signer("CN=Demo customs", "EC", CUSTOMS_CA);
    private static final TestPki.Issued OTHER = TestPki.signer("CN=Other customs", "RSA", TestPki.ca("CN=Other CA"));

    @TempDir
    Path dir;

    @Test
    void directoryGivesEachPartnerItsOwnCertificates() throws Exception {
        Files.writeString(dir.resolve("DEMO-CUSTOMS.pem"), Pem.write(CUSTOMS_CA.certificate()));
        Files.createDirectory(dir.resolve("OTHER-CUSTOMS"));
        Files.writeString(dir.resolve("OTHER-CUSTOMS").resolve("current.crt"), Pem.write(OTHER.certificate()));
        Files.writeString(dir.resolve("OTHER-CUSTOMS").resolve("previous.cer"), Pem.write(OTHER.issuer().certificate()));
        Files.writeString(dir.resolve("README.md"), "not a certificate");

        PartnerTrust trust = PartnerTrust.fromDirectory(dir);

        assertThat(trust.partnerIds()).containsExactlyInAnyOrder("DEMO-CUSTOMS", "OTHER-CUSTOMS");
        assertThat(trust.certificates("OTHER-CUSTOMS")).containsExactly(OTHER.certificate(), OTHER.issuer().certificate());
        byte[] customsSignature = new DetachedCmsSigner(CUSTOMS.material()).sign(DECISION);
        assertThat(trust.verifier("DEMO-CUSTOMS")).isPresent();
        assertThat(trust.verify("DEMO-CUSTOMS", DECISION, customsSignature).status())
                .isEqualTo(VerificationResult.Status.VALID);
        assertThat(trust.verify("OTHER-CUSTOMS", DECISION, customsSignature).status())
                .isEqualTo(VerificationResult.Status.UNTRUSTED_SIGNER);
    }

    @Test
    void filesPerPartnerAndInMemoryTrustVerifyTheSameWay() throws Exception {
        Path pem = Files.writeString(dir.resolve("customs.pem"), Pem.write(CUSTOMS.certificate()));
        byte[] signature = new DetachedCmsSigner(CUSTOMS.material()).sign(DECISION);

        PartnerTrust fromFiles = PartnerTrust.fromFiles(Map.of("DEMO-CUSTOMS", List.of(pem)));
        PartnerTrust inMemory = PartnerTrust.of(Map.of("DEMO-CUSTOMS", List.of(CUSTOMS.certificate())));

        assertThat(fromFiles.verify("DEMO-CUSTOMS", DECISION, signature).isValid()).isTrue();
        assertThat(inMemory.verify("DEMO-CUSTOMS", DECISION, signature).isValid()).isTrue();
    }

    @Test
    void unknownPartnerIsNeverTrusted() {
        PartnerTrust trust = PartnerTrust.of(Map.of("DEMO-CUSTOMS", List.of(CUSTOMS.certificate())));
        byte[] signature = new DetachedCmsSigner(CUSTOMS.material()).sign(DECISION);

        assertThat(trust.certificates("NOBODY")).isEmpty();
        assertThat(trust.verifier("NOBODY")).isEmpty();
        assertThat(trust.verify("NOBODY", DECISION, signature).status())
                .isEqualTo(VerificationResult.Status.UNTRUSTED_SIGNER);
    }

    @Test
    void missingOrBrokenFilesFailAtLoading() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pem"), "no certificate here");

        assertThatThrownBy(() -> PartnerTrust.fromFiles(Map.of("X", List.of(dir.resolve("absent.pem")))))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.pem");
        assertThatThrownBy(() -> PartnerTrust.fromFiles(Map.of("X", List.of(broken))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken.pem");
        assertThatThrownBy(() -> PartnerTrust.fromDirectory(dir.resolve("absent")))
                .isInstanceOf(UncheckedIOException.class);
    }
}
