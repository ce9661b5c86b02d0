package org.clearway.security.as2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer combination the gateway sends opens again to the same bytes with the same MIC, so an
 * MDN for it can be matched (RFC 4130 §7.3.1).
 */
class As2MessageRoundTripTest {
    static final byte[] EDIFACT = ("UNA:+.? 'UNB+UNOY:3+DEPOST+CLEARWAY+261124:0620+DP0000000002'"
            + "UNH+1+CUSITM:D:16A:UN:GW10'BGM+952+CP473124829GB+9'UNT+3+1'UNZ+1+DP0000000002'Ünïcødé\r\n\0\u00ff")
            .getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        MicAlgorithm[] mics = {MicAlgorithm.SHA256, MicAlgorithm.SHA512};
        EncryptionAlgorithm[] ciphers = {EncryptionAlgorithm.AES128_CBC, EncryptionAlgorithm.AES256_CBC};
        for (MicAlgorithm mic : mics) {
            for (As2Protection.Compression compression : As2Protection.Compression.values()) {
                cases.add(Arguments.of(new As2Protection(null, compression, null, mic)));
                cases.add(Arguments.of(new As2Protection(mic, compression, null, mic)));
                for (EncryptionAlgorithm cipher : ciphers) {
                    cases.add(Arguments.of(new As2Protection(null, compression, cipher, mic)));
                    cases.add(Arguments.of(new As2Protection(mic, compression, cipher, mic)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("matrix")
    void messageOpensToTheSameBytesAndMic(As2Protection protection) throws Exception {
        As2Outbound sent = new As2MessageBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK)
                .build(EDIFACT, "application/EDIFACT", protection, As2TestKeys.gatewayPolicy());
        As2PartnerPolicy receiving = As2TestKeys.gatewayPolicy().withRequirements(false, false);

        As2Inbound received = new As2MessageReader(List.of(As2TestKeys.GATEWAY), As2TestKeys.CLOCK)
                .read(sent.entity(), receiving,
                        DispositionNotificationOptions.signed(protection.micAlgorithm()).headerValue());

        assertThat(received.payload()).isEqualTo(EDIFACT);
        assertThat(received.payloadContentType()).isEqualTo("application/EDIFACT");
        assertThat(received.signed()).isEqualTo(protection.signWith() != null);
        assertThat(received.encrypted()).isEqualTo(protection.encryptWith() != null);
        assertThat(received.compressed()).isEqualTo(protection.compression() != As2Protection.Compression.NONE);
        assertThat(received.mic()).isEqualTo(sent.mic());
        assertThat(received.mic().algorithm()).isEqualTo(protection.micAlgorithm());
    }

    /** A file name that could name a path, break out of its quotes or hide a file at the partner is refused. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"../etc/passwd", "a/b.edi", "a\\b.edi", "x\".edi",
            "x.edi\r\nX-Injected: 1", ".hidden.edi", "", "name with space.edi"})
    void unsafePayloadFileNamesAreRefused(String filename) {
        As2MessageBuilder builder = new As2MessageBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK);
        As2Protection protection = new As2Protection(MicAlgorithm.SHA256, As2Protection.Compression.NONE,
                EncryptionAlgorithm.AES256_CBC, MicAlgorithm.SHA256);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.build(EDIFACT, "application/EDIFACT", filename,
                protection, As2TestKeys.gatewayPolicy())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsafe AS2 payload file name");
    }
}
