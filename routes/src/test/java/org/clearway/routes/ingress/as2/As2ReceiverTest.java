package org.clearway.routes.ingress.as2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.clearway.routes.ingress.IngressOutcome;
import org.clearway.routes.store.As2MessageStore;
import org.clearway.security.KeyMaterial;
import org.clearway.security.as2.As2Disposition;
import org.clearway.security.as2.As2Entity;
import org.clearway.security.as2.As2MessageBuilder;
import org.clearway.security.as2.As2MessageReader;
import org.clearway.security.as2.As2Outbound;
import org.clearway.security.as2.As2PartnerPolicy;
import org.clearway.security.as2.As2Protection;
import org.clearway.security.as2.DispositionNotificationOptions;
import org.clearway.security.as2.MdnBuilder;
import org.clearway.security.as2.MdnReader;
import org.clearway.security.as2.MdnVerification;
import org.clearway.security.as2.MicAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's decisions without Spring: a positive MDN only after the ingress pass returned,
 * negative dispositions and no ingress call on every security failure, duplicates receipted from
 * the record, async MDNs only to allowed hosts.
 */
class As2ReceiverTest {
    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final KeyMaterial GATEWAY = identity("CN=Gateway");
    private static final KeyMaterial POST = identity("CN=Post");
    private static final KeyMaterial STRANGER = identity("CN=Stranger");
    private static final byte[] EDI = "UNA:+.? 'UNB+UNOC:3+AS2POST:ZZZ+DECUSTGW:ZZZ+261124:0830+R1++CUSITM'UNZ+0+R1'"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final String SIGNED_RECEIPT = DispositionNotificationOptions.signed(MicAlgorithm.SHA256).headerValue();

    private final As2MessageStore store = mock(As2MessageStore.class);
    private final List<byte[]> submitted = new ArrayList<>();
    private IngressOutcome nextOutcome = new IngressOutcome.Accepted("ingress-1", Path.of("r.json"));
    private As2Receiver receiver;

    @BeforeEach
    void receiver() {
        As2PartnerPolicy policy = As2PartnerPolicy.strict("AS2-POST", "CLEARWAY", List.of(POST.signerCertificate()));
        As2Profiles profiles = As2Profiles.of(new As2Profiles.Profile("POST-PARTNER", policy, true, true,
                List.of("mdn.post.example"), 1_000_000, null));
        receiver = new As2Receiver(profiles, "CLEARWAY", "Clearway AS2",
                new As2MessageReader(List.of(GATEWAY), CLOCK), new MdnBuilder(GATEWAY, CLOCK), store,
                (partnerId, body, channel) -> {
                    submitted.add(body.readAllBytes());
                    return nextOutcome;
                }, CLOCK);
        when(store.find(anyString(), anyString())).thenReturn(Optional.empty());
    }

    @Test
    void processedOnlyAfterTheIngressPassAcceptedAndMdnIsSignedWithTheMic() throws IOException {
        As2Outbound message = message(POST, true);

        As2Receiver.Reply reply = receiver.receive(request("<m1@post>", message.entity(), null));

        assertThat(submitted).hasSize(1);
        assertThat(submitted.get(0)).isEqualTo(EDI);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("AS2-From", "CLEARWAY").containsEntry("AS2-To", "AS2-POST");
        MdnVerification mdn = verifyMdn(reply, "<m1@post>", message);
        assertThat(mdn.status()).as(mdn.detail()).isEqualTo(MdnVerification.Status.POSITIVE);
        verify(store).record(eq("POST-PARTNER"), eq("<m1@post>"), eq("ingress-1"), eq("ACCEPTED"),
                eq(message.mic().headerValue()), eq(NOW));
    }

    @Test
    void interchangeRejectedBySyntaxPassIsStillProcessedAtAs2Level() throws IOException {
        nextOutcome = new IngressOutcome.Rejected("ingress-2", "X021", "sender", new byte[0]);
        As2Outbound message = message(POST, true);

        As2Receiver.Reply reply = receiver.receive(request("<m2@post>", message.entity(), null));

        assertThat(reply.disposition()).isEqualTo(As2Disposition.PROCESSED);
        verify(store).record(eq("POST-PARTNER"), eq("<m2@post>"), eq("ingress-2"), eq("REJECTED"), anyString(), any());
    }

    @Test
    void payloadThatIsNotEdifactGetsUnexpectedProcessingErrorAndIsNotRecorded() throws IOException {
        nextOutcome = new IngressOutcome.NotEdifact("ingress-3", "no UNB");

        As2Receiver.Reply reply = receiver.receive(request("<m3@post>", message(POST, true).entity(), null));

        assertThat(reply.disposition()).isEqualTo(As2Disposition.UNEXPECTED_PROCESSING_ERROR);
        verify(store, never()).record(anyString(), anyString(), anyString(), anyString(), anyString(), any());
    }

    @Test
    void messageSignedByAStrangerIsRefusedWithoutReachingTheIngressPass() throws IOException {
        As2Outbound message = message(STRANGER, true);

        As2Receiver.Reply reply = receiver.receive(request("<m4@post>", message.entity(), null));

        assertThat(reply.disposition()).isEqualTo(As2Disposition.AUTHENTICATION_FAILED);
        assertThat(submitted).isEmpty();
        MdnVerification mdn = verifyMdn(reply, "<m4@post>", message);
        assertThat(mdn.status()).isEqualTo(MdnVerification.Status.NEGATIVE);
        assertThat(mdn.mdn().disposition()).isEqualTo(As2Disposition.AUTHENTICATION_FAILED);
    }

    @Test
    void unencryptedMessageIsInsufficientlySecured() throws IOException {
        As2Receiver.Reply reply = receiver.receive(request("<m5@post>", message(POST, false).entity(), null));

        assertThat(reply.disposition()).isEqualTo(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY);
        assertThat(submitted).isEmpty();
    }

    @Test
    void repeatedMessageIdIsReceiptedAgainWithoutProcessing() throws IOException {
        As2Outbound message = message(POST, true);
        when(store.find("POST-PARTNER", "<m6@post>")).thenReturn(Optional.of(
                new As2MessageStore.Processed("POST-PARTNER", "<m6@post>", "ingress-0", "ACCEPTED", NOW)));
        when(store.mic("POST-PARTNER", "<m6@post>")).thenReturn(Optional.of(message.mic().headerValue()));

        As2Receiver.Reply reply = receiver.receive(request("<m6@post>", message.entity(), null));

        assertThat(submitted).isEmpty();
        assertThat(verifyMdn(reply, "<m6@post>", message).status()).isEqualTo(MdnVerification.Status.POSITIVE);
    }

    @Test
    void repeatedMessageIdWithOtherContentIsRefused() throws IOException {
        As2Outbound first = message(POST, true);
        As2Outbound other = message(POST, true, "UNA:+.? 'UNB+UNOC:3+AS2POST:ZZZ+DECUSTGW:ZZZ+261124:0830+R2++CUSITM'UNZ+0+R2'"
                .getBytes(StandardCharsets.ISO_8859_1));
        when(store.find("POST-PARTNER", "<m7@post>")).thenReturn(Optional.of(
                new As2MessageStore.Processed("POST-PARTNER", "<m7@post>", "ingress-0", "ACCEPTED", NOW)));
        when(store.mic("POST-PARTNER", "<m7@post>")).thenReturn(Optional.of(first.mic().headerValue()));

        As2Receiver.Reply reply = receiver.receive(request("<m7@post>", other.entity(), null));

        assertThat(submitted).isEmpty();
        assertThat(reply.disposition()).isEqualTo(As2Disposition.UNEXPECTED_PROCESSING_ERROR);
    }

    @Test
    void asyncMdnToAHostOutsideTheProfileIsRefusedBeforeProcessing() throws IOException {
        As2Receiver.Reply reply = receiver.receive(request("<m8@post>", message(POST, true).entity(),
                "http://169.254.169.254/latest"));

        assertThat(submitted).isEmpty();
        assertThat(reply.asyncMdn()).isNull();
        assertThat(reply.disposition()).isEqualTo(As2Disposition.UNEXPECTED_PROCESSING_ERROR);
        assertThat(reply.body()).isNotEmpty();
        // issue 11 item 8: senders waiting for an async MDN ignore a 2xx body; a 4xx fails their send
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.headers().get("Content-Type")).startsWith("multipart/signed");
    }

    @Test
    void asyncRequestsRefusedForOtherReasonsAre400ButARefusedSyncRequestIs200() throws IOException {
        As2Receiver syncOnly = new As2Receiver(As2Profiles.of(new As2Profiles.Profile("POST-PARTNER",
                As2PartnerPolicy.strict("AS2-POST", "CLEARWAY", List.of(POST.signerCertificate())), true, false,
                List.of("mdn.post.example"), 1_000_000, null)), "CLEARWAY", "Clearway AS2",
                new As2MessageReader(List.of(GATEWAY), CLOCK), new MdnBuilder(GATEWAY, CLOCK), store,
                (partnerId, body, channel) -> {
                    submitted.add(body.readAllBytes());
                    return nextOutcome;
                }, CLOCK);
        As2Receiver asyncOnly = new As2Receiver(As2Profiles.of(new As2Profiles.Profile("POST-PARTNER",
                As2PartnerPolicy.strict("AS2-POST", "CLEARWAY", List.of(POST.signerCertificate())), false, true,
                List.of("mdn.post.example"), 1_000_000, null)), "CLEARWAY", "Clearway AS2",
                new As2MessageReader(List.of(GATEWAY), CLOCK), new MdnBuilder(GATEWAY, CLOCK), store,
                (partnerId, body, channel) -> {
                    submitted.add(body.readAllBytes());
                    return nextOutcome;
                }, CLOCK);

        As2Receiver.Reply notAllowed = syncOnly.receive(request("<a1@post>", message(POST, true).entity(),
                "https://mdn.post.example/as2/mdn"));
        As2Receiver.Reply notAUrl = receiver.receive(request("<a2@post>", message(POST, true).entity(), "not a url ^"));
        As2Receiver.Reply syncRefused = asyncOnly.receive(request("<a3@post>", message(POST, true).entity(), null));

        assertThat(submitted).isEmpty();
        assertThat(notAllowed.status()).as("async MDNs not allowed for the partner").isEqualTo(400);
        assertThat(notAUrl.status()).as("Receipt-Delivery-Option is no URL").isEqualTo(400);
        assertThat(List.of(notAllowed, notAUrl, syncRefused)).allSatisfy(reply -> {
            assertThat(reply.disposition()).isEqualTo(As2Disposition.UNEXPECTED_PROCESSING_ERROR);
            assertThat(reply.asyncMdn()).isNull();
        });
        assertThat(syncRefused.status()).as("a sync requester reads the negative MDN").isEqualTo(200);
    }

    @Test
    void asyncMdnToAnAllowedHostIsReturnedForPostingAndTheHttpAnswerIsEmpty() throws IOException {
        As2Receiver.Reply reply = receiver.receive(request("<m9@post>", message(POST, true).entity(),
                "https://MDN.post.example/as2/mdn"));

        assertThat(submitted).hasSize(1);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.asyncMdn().url()).isEqualTo(URI.create("https://MDN.post.example/as2/mdn"));
        assertThat(reply.asyncMdn().headers()).containsKey("Content-Type");
    }

    @Test
    void unknownAs2FromAndWrongAs2ToAreRefusedWithoutMdn() throws IOException {
        As2Entity entity = message(POST, true).entity();
        As2Receiver.Reply unknown = receiver.receive(new As2Receiver.Request("SOMEONE", "CLEARWAY", "<x@y>",
                entity.contentType(), null, "a@b", SIGNED_RECEIPT, null, entity.body()));
        As2Receiver.Reply misaddressed = receiver.receive(new As2Receiver.Request("\"AS2-POST\"", "OTHER", "<x@y>",
                entity.contentType(), null, "a@b", SIGNED_RECEIPT, null, entity.body()));

        assertThat(unknown.status()).isEqualTo(403);
        assertThat(misaddressed.status()).isEqualTo(400);
        assertThat(submitted).isEmpty();
    }

    @Test
    void withoutReceiptRequestAFailureIsAnHttpError() throws IOException {
        As2Entity entity = message(STRANGER, true).entity();
        As2Receiver.Reply reply = receiver.receive(new As2Receiver.Request("AS2-POST", "CLEARWAY", "<n@post>",
                entity.contentType(), null, null, null, null, entity.body()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(new String(reply.body(), StandardCharsets.US_ASCII)).contains("authentication-failed");
    }

    @Test
    void transientIngressFailurePropagatesAndNothingIsRecorded() {
        As2Receiver failing = new As2Receiver(As2Profiles.of(new As2Profiles.Profile("POST-PARTNER",
                As2PartnerPolicy.strict("AS2-POST", "CLEARWAY", List.of(POST.signerCertificate())), true, false,
                List.of(), 1_000_000, null)), "CLEARWAY", "Clearway AS2", new As2MessageReader(List.of(GATEWAY), CLOCK),
                new MdnBuilder(GATEWAY, CLOCK), store, (partnerId, body, channel) -> {
                    throw new IOException("disk full");
                }, CLOCK);

        assertThatThrownBy(() -> failing.receive(request("<t@post>", message(POST, true).entity(), null)))
                .isInstanceOf(IOException.class);
        verify(store, never()).record(anyString(), anyString(), anyString(), anyString(), anyString(), any());
    }

    private static As2Receiver.Request request(String messageId, As2Entity entity, String receiptDeliveryOption) {
        return new As2Receiver.Request("AS2-POST", "CLEARWAY", messageId, entity.contentType(), entity.transferEncoding(),
                "as2@post.example", SIGNED_RECEIPT, receiptDeliveryOption, entity.body());
    }

    /** A message as the partner builds it: signed with {@code signer}, encrypted for the gateway if asked. */
    private static As2Outbound message(KeyMaterial signer, boolean encrypt) {
        return message(signer, encrypt, EDI);
    }

    private static As2Outbound message(KeyMaterial signer, boolean encrypt, byte[] payload) {
        As2PartnerPolicy gatewaySeenByPartner = As2PartnerPolicy.strict("CLEARWAY", "AS2-POST",
                List.of(GATEWAY.signerCertificate()));
        return new As2MessageBuilder(signer, CLOCK).build(payload, "application/EDIFACT",
                new As2Protection(MicAlgorithm.SHA256, null,
                        encrypt ? org.clearway.security.as2.EncryptionAlgorithm.AES256_CBC : null, null),
                gatewaySeenByPartner);
    }

    private static MdnVerification verifyMdn(As2Receiver.Reply reply, String messageId, As2Outbound sent) {
        As2PartnerPolicy gatewaySeenByPartner = As2PartnerPolicy.strict("CLEARWAY", "AS2-POST",
                List.of(GATEWAY.signerCertificate()));
        return new MdnReader(CLOCK).verify(As2Entity.of(reply.headers().get("Content-Type"), reply.body()),
                gatewaySeenByPartner, messageId, sent.mic());
    }

    private static KeyMaterial identity(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.valueOf(subject.hashCode() & 0xffff), Date.from(NOW.minusSeconds(86_400)),
                    Date.from(NOW.plusSeconds(86_400 * 365)), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return KeyMaterial.of(keys.getPrivate(), List.of(certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
