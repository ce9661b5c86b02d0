package org.clearway.security.as2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.helger.as2lib.cert.PredefinedCertificateFactory;
import com.helger.as2lib.crypto.ECompressionType;
import com.helger.as2lib.crypto.ECryptoAlgorithmCrypt;
import com.helger.as2lib.crypto.ECryptoAlgorithmSign;
import com.helger.as2lib.crypto.ICryptoHelper;
import com.helger.as2lib.message.AS2Message;
import com.helger.as2lib.message.AS2MessageMDN;
import com.helger.as2lib.processor.sender.AS2SenderModule;
import com.helger.as2lib.session.AS2Session;
import com.helger.as2lib.util.AS2Helper;
import com.helger.as2lib.util.AS2ResourceHelper;
import com.helger.mail.cte.EContentTransferEncoding;

import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;

import org.bouncycastle.cms.jcajce.ZlibExpanderProvider;
import org.bouncycastle.mail.smime.SMIMECompressedParser;
import org.bouncycastle.mail.smime.SMIMEUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with an AS2 implementation that is not Clearway's: phax as2-lib 5.1.7 secures
 * messages and builds MDNs with its own code (AS2SenderModule.secureMimeBodyPart,
 * AS2Helper.createMDNData) for Clearway to open and verify, and opens and verifies Clearway's
 * messages and MDNs (BCCryptoHelper decrypt/verify, AS2Helper.parseMDN). MICs are compared both
 * ways, because a MIC both sides compute differently makes every receipt fail.
 */
class As2LibInteropTest {
    private static final byte[] EDIFACT = As2MessageRoundTripTest.EDIFACT;
    private static final String MESSAGE_ID = "<as2lib-interop-1@partner.example>";
    private final ICryptoHelper as2lib = AS2Helper.getCryptoHelper();

    /** One cell: signature digest (null: unsigned), cipher (null: unencrypted), compression. */
    record Cell(MicAlgorithm sign, EncryptionAlgorithm encrypt, As2Protection.Compression compression) {
        @Override
        public String toString() {
            return (sign == null ? "unsigned" : "signed-" + sign.micalg()) + " / "
                    + (encrypt == null ? "unencrypted" : encrypt) + " / compression " + compression;
        }

        ECryptoAlgorithmSign as2libSign() {
            return sign == null ? null : sign == MicAlgorithm.SHA256 ? ECryptoAlgorithmSign.DIGEST_SHA_256
                    : ECryptoAlgorithmSign.DIGEST_SHA_512;
        }

        ECryptoAlgorithmCrypt as2libCrypt() {
            return encrypt == null ? null : encrypt == EncryptionAlgorithm.AES128_CBC
                    ? ECryptoAlgorithmCrypt.CRYPT_AES128_CBC : ECryptoAlgorithmCrypt.CRYPT_AES256_CBC;
        }

        MicAlgorithm micAlgorithm() {
            return sign != null ? sign : MicAlgorithm.SHA256;
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        MicAlgorithm[] signs = {null, MicAlgorithm.SHA256, MicAlgorithm.SHA512};
        EncryptionAlgorithm[] ciphers = {null, EncryptionAlgorithm.AES128_CBC, EncryptionAlgorithm.AES256_CBC};
        for (MicAlgorithm sign : signs) {
            for (EncryptionAlgorithm cipher : ciphers) {
                for (As2Protection.Compression compression : As2Protection.Compression.values()) {
                    if (compression == As2Protection.Compression.AFTER_SIGNING && sign == null) {
                        continue;
                    }
                    cells.add(Arguments.of(new Cell(sign, cipher, compression)));
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "as2-lib -> Clearway: {0}")
    @MethodSource("matrix")
    void clearwayOpensWhatAs2LibSends(Cell cell) throws Exception {
        MimeBodyPart source = payloadPart();
        AtomicReference<MimeBodyPart> micSource = new AtomicReference<>(source);
        MimeBodyPart secured = AS2SenderModule.secureMimeBodyPart(source, EContentTransferEncoding.BINARY,
                cell.compression() == As2Protection.Compression.NONE ? null : ECompressionType.ZLIB,
                cell.compression() != As2Protection.Compression.AFTER_SIGNING, micSource::set, cell.as2libSign(),
                As2TestKeys.PARTNER.signerCertificate(), As2TestKeys.PARTNER.privateKey(), true, false, false,
                cell.as2libCrypt(), As2TestKeys.GATEWAY.signerCertificate(), " (interop)");

        As2Inbound inbound = new As2MessageReader(List.of(As2TestKeys.GATEWAY), As2TestKeys.CLOCK).read(
                toEntity(secured), As2TestKeys.partnerPolicy().withRequirements(cell.sign() != null, cell.encrypt() != null),
                DispositionNotificationOptions.signed(cell.micAlgorithm()).headerValue());

        assertThat(inbound.payload()).isEqualTo(EDIFACT);
        assertThat(inbound.signed()).isEqualTo(cell.sign() != null);
        assertThat(inbound.encrypted()).isEqualTo(cell.encrypt() != null);
        assertThat(inbound.compressed()).isEqualTo(cell.compression() != As2Protection.Compression.NONE);
        // as2-lib's sender-side MIC (AS2SenderModule.calculateAndStoreMIC): headers included once any layer is used
        boolean withHeaders = cell.sign() != null || cell.encrypt() != null
                || cell.compression() != As2Protection.Compression.NONE;
        String as2libMic = as2lib.calculateMIC(micSource.get(), ECryptoAlgorithmSign.getFromIDOrNull(
                cell.micAlgorithm().micalg()), withHeaders).getAsAS2String();
        if (cell.sign() == null && cell.encrypt() == null && cell.compression() != As2Protection.Compression.NONE) {
            // compressed only: as2-lib digests its compressed MIME part with the part's own headers, which
            // never travel as such over HTTP; RFC 5402 does not settle this case (see the report)
            return;
        }
        assertThat(inbound.mic().headerValue()).isEqualTo(as2libMic);
    }

    @ParameterizedTest(name = "Clearway -> as2-lib: {0}")
    @MethodSource("matrix")
    void as2LibOpensWhatClearwaySends(Cell cell) throws Exception {
        As2Outbound sent = new As2MessageBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK).build(EDIFACT,
                "application/EDIFACT", new As2Protection(cell.sign(), cell.compression(), cell.encrypt(), cell.micAlgorithm()),
                As2TestKeys.partnerPolicy());

        MimeBodyPart part = toPart(sent.entity());
        MimeBodyPart micPart = null;
        boolean compressed = false;
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            if (as2lib.isEncrypted(part)) {
                part = as2lib.decrypt(part, As2TestKeys.PARTNER.signerCertificate(), As2TestKeys.PARTNER.privateKey(),
                        false, resources);
                micPart = part;
            }
            if (as2lib.isCompressed(part.getContentType())) {
                part = decompress(part);
                compressed = true;
            }
            if (as2lib.isSigned(part)) {
                part = as2lib.verify(part, As2TestKeys.GATEWAY.signerCertificate(), false, true, null, resources);
                micPart = part;
            }
            if (as2lib.isCompressed(part.getContentType())) {
                part = decompress(part);
                compressed = true;
            }
            try (InputStream in = part.getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(EDIFACT);
            }
            assertThat(compressed).isEqualTo(cell.compression() != As2Protection.Compression.NONE);
            if (micPart != null) {
                assertThat(as2lib.calculateMIC(micPart, ECryptoAlgorithmSign.getFromIDOrNull(cell.micAlgorithm().micalg()),
                        true).getAsAS2String()).isEqualTo(sent.mic().headerValue());
            } else if (!compressed) {
                assertThat(as2lib.calculateMIC(part, ECryptoAlgorithmSign.DIGEST_SHA_256, false).getAsAS2String())
                        .isEqualTo(sent.mic().headerValue());
            }
        }
    }

    @Test
    void as2LibRejectsAClearwayMessageChangedInTransit() throws Exception {
        As2Outbound sent = new As2MessageBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK).build(EDIFACT,
                "application/EDIFACT", new As2Protection(MicAlgorithm.SHA256, null, null, null), As2TestKeys.partnerPolicy());
        String body = new String(sent.entity().body(), StandardCharsets.ISO_8859_1).replace("CP473124829GB", "CP473124829XX");
        MimeBodyPart part = toPart(As2Entity.of(sent.entity().contentType(), body.getBytes(StandardCharsets.ISO_8859_1)));
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            assertThatThrownBy(() -> as2lib.verify(part, As2TestKeys.GATEWAY.signerCertificate(), false, true, null, resources))
                    .isNotNull();
        }
    }

    @Test
    void as2LibBase64TransferEncodingIsAccepted() throws Exception {
        MimeBodyPart secured = AS2SenderModule.secureMimeBodyPart(payloadPart(), EContentTransferEncoding.BASE64,
                ECompressionType.ZLIB, true, part -> { }, ECryptoAlgorithmSign.DIGEST_SHA_256,
                As2TestKeys.PARTNER.signerCertificate(), As2TestKeys.PARTNER.privateKey(), true, false, false,
                ECryptoAlgorithmCrypt.CRYPT_AES128_CBC, As2TestKeys.GATEWAY.signerCertificate(), " (interop)");
        As2Inbound inbound = new As2MessageReader(List.of(As2TestKeys.GATEWAY), As2TestKeys.CLOCK)
                .read(toEntity(secured), As2TestKeys.partnerPolicy(), null);
        assertThat(inbound.payload()).isEqualTo(EDIFACT);
    }

    static Stream<Arguments> weakAlgorithms() {
        return Stream.of(
                Arguments.of(ECryptoAlgorithmSign.DIGEST_SHA_1, ECryptoAlgorithmCrypt.CRYPT_AES128_CBC,
                        MicAlgorithm.SHA1, EncryptionAlgorithm.AES128_CBC),
                Arguments.of(ECryptoAlgorithmSign.DIGEST_MD5, ECryptoAlgorithmCrypt.CRYPT_AES128_CBC,
                        MicAlgorithm.MD5, EncryptionAlgorithm.AES128_CBC),
                Arguments.of(ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_3DES,
                        MicAlgorithm.SHA256, EncryptionAlgorithm.DES_EDE3_CBC),
                Arguments.of(ECryptoAlgorithmSign.DIGEST_SHA_256, ECryptoAlgorithmCrypt.CRYPT_RC2,
                        MicAlgorithm.SHA256, EncryptionAlgorithm.RC2_CBC));
    }

    @ParameterizedTest(name = "weak {0} / {1}: refused, accepted only when the policy lists it")
    @MethodSource("weakAlgorithms")
    void weakAlgorithmsAreRefusedUnlessThePolicyAllowsThem(ECryptoAlgorithmSign sign, ECryptoAlgorithmCrypt crypt,
                                                           MicAlgorithm mic, EncryptionAlgorithm cipher) throws Exception {
        MimeBodyPart secured = AS2SenderModule.secureMimeBodyPart(payloadPart(), EContentTransferEncoding.BINARY, null,
                true, null, sign, As2TestKeys.PARTNER.signerCertificate(), As2TestKeys.PARTNER.privateKey(), true, false,
                false, crypt, As2TestKeys.GATEWAY.signerCertificate(), " (weak)");
        As2Entity message = toEntity(secured);
        As2MessageReader reader = new As2MessageReader(List.of(As2TestKeys.GATEWAY), As2TestKeys.CLOCK);

        assertThatThrownBy(() -> reader.read(message, As2TestKeys.partnerPolicy(), null))
                .isInstanceOfSatisfying(As2DispositionException.class, e -> assertThat(e.disposition())
                        .isEqualTo(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY));

        As2PartnerPolicy allowing = As2TestKeys.partnerPolicy().withAlgorithms(
                List.of(MicAlgorithm.SHA256, mic), List.of(EncryptionAlgorithm.AES256_CBC, cipher));
        assertThat(reader.read(message, allowing, null).payload()).isEqualTo(EDIFACT);
    }

    @Test
    void as2LibParsesAndVerifiesAClearwayMdn() throws Exception {
        Mic mic = Mic.of(EDIFACT, MicAlgorithm.SHA256);
        As2Entity mdn = new MdnBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK).build(Mdn.forMessage("Clearway AS2",
                "CLEARWAY", MESSAGE_ID, As2Disposition.PROCESSED, mic, null), MicAlgorithm.SHA256);

        AS2Message message = new AS2Message();
        AS2MessageMDN parsed = new AS2MessageMDN(message);
        message.setMDN(parsed);
        parsed.setData(toPart(mdn));
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            AS2Helper.parseMDN(message, As2TestKeys.GATEWAY.signerCertificate(), false, null, resources);
        }
        assertThat(parsed.attrs().getAsString(AS2MessageMDN.MDNA_MIC)).isEqualTo(mic.headerValue());
        assertThat(parsed.attrs().getAsString(AS2MessageMDN.MDNA_ORIG_MESSAGEID)).isEqualTo(MESSAGE_ID);
        assertThat(parsed.attrs().getAsString(AS2MessageMDN.MDNA_DISPOSITION))
                .isEqualTo("automatic-action/MDN-sent-automatically; processed");
        assertThat(parsed.attrs().getAsString(AS2MessageMDN.MDNA_FINAL_RECIPIENT)).isEqualTo("rfc822; CLEARWAY");
    }

    @Test
    void as2LibRejectsATamperedClearwayMdn() throws Exception {
        As2Entity mdn = new MdnBuilder(As2TestKeys.GATEWAY, As2TestKeys.CLOCK).build(Mdn.forMessage("Clearway AS2",
                "CLEARWAY", MESSAGE_ID, As2Disposition.DECRYPTION_FAILED, null, null), MicAlgorithm.SHA256);
        String tampered = new String(mdn.body(), StandardCharsets.ISO_8859_1)
                .replace("processed/error: decryption-failed", "processed                         ");
        AS2Message message = new AS2Message();
        AS2MessageMDN parsed = new AS2MessageMDN(message);
        message.setMDN(parsed);
        parsed.setData(toPart(As2Entity.of(mdn.contentType(), tampered.getBytes(StandardCharsets.ISO_8859_1))));
        try (AS2ResourceHelper resources = new AS2ResourceHelper()) {
            assertThatThrownBy(() -> AS2Helper.parseMDN(message, As2TestKeys.GATEWAY.signerCertificate(), false, null,
                    resources)).isNotNull();
        }
    }

    @Test
    void clearwayVerifiesAnMdnBuiltByAs2Lib() throws Exception {
        Mic mic = Mic.of(EDIFACT, MicAlgorithm.SHA256);
        As2Entity mdn = as2libMdn(mic.headerValue());
        MdnVerification result = new MdnReader(As2TestKeys.CLOCK).verify(mdn, As2TestKeys.partnerPolicy(), MESSAGE_ID, mic);
        assertThat(result.status()).as(result.detail()).isEqualTo(MdnVerification.Status.POSITIVE);
        assertThat(result.signer()).isEqualTo(As2TestKeys.PARTNER.signerCertificate());

        Mic other = Mic.of("something else".getBytes(StandardCharsets.US_ASCII), MicAlgorithm.SHA256);
        assertThat(new MdnReader(As2TestKeys.CLOCK).verify(mdn, As2TestKeys.partnerPolicy(), MESSAGE_ID, other).status())
                .isEqualTo(MdnVerification.Status.MIC_MISMATCH);
    }

    /** A signed MDN from as2-lib's own AS2Helper.createMDNData, signed with the partner's key. */
    private static As2Entity as2libMdn(String micHeader) throws Exception {
        char[] password = "interop".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("partner", As2TestKeys.PARTNER.privateKey(), password,
                As2TestKeys.PARTNER.chain().toArray(new Certificate[0]));
        PredefinedCertificateFactory certificates = new PredefinedCertificateFactory(store);
        certificates.setPassword("interop");
        certificates.reinitKeyStore();
        AS2Session session = new AS2Session();
        session.setCertificateFactory(certificates);

        AS2Message message = new AS2Message();
        AS2MessageMDN mdn = new AS2MessageMDN(message);
        mdn.partnership().setSenderX509Alias("partner");
        mdn.setText("The message was received.");
        mdn.attrs().putIn(AS2MessageMDN.MDNA_REPORTING_UA, "as2-lib interop");
        mdn.attrs().putIn(AS2MessageMDN.MDNA_ORIG_RECIPIENT, "rfc822; POSTAL-PARTNER");
        mdn.attrs().putIn(AS2MessageMDN.MDNA_FINAL_RECIPIENT, "rfc822; POSTAL-PARTNER");
        mdn.attrs().putIn(AS2MessageMDN.MDNA_ORIG_MESSAGEID, MESSAGE_ID);
        mdn.attrs().putIn(AS2MessageMDN.MDNA_DISPOSITION, "automatic-action/MDN-sent-automatically; processed");
        mdn.attrs().putIn(AS2MessageMDN.MDNA_MIC, micHeader);
        AS2Helper.createMDNData(session, mdn, true, true, ECryptoAlgorithmSign.DIGEST_SHA_256, false, false);
        return toEntity(mdn.getData());
    }

    private static MimeBodyPart payloadPart() throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(EDIFACT, "application/EDIFACT")));
        part.setHeader("Content-Type", "application/EDIFACT");
        part.setHeader("Content-Transfer-Encoding", "binary");
        return part;
    }

    private static MimeBodyPart decompress(MimeBodyPart part) throws Exception {
        return SMIMEUtil.toMimeBodyPart(new SMIMECompressedParser(part).getContent(new ZlibExpanderProvider()));
    }

    /** What goes over HTTP for an as2-lib part: its Content-Type (and CTE) as headers, its encoded body. */
    private static As2Entity toEntity(MimeBodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.writeTo(out);
        byte[] all = out.toByteArray();
        int start = 0;
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                start = i + 4;
                break;
            }
        }
        String contentType = part.getContentType().replaceAll("\\r?\\n\\s*", " ");
        return new As2Entity(contentType, part.getHeader("Content-Transfer-Encoding", null),
                java.util.Arrays.copyOfRange(all, start, all.length));
    }

    /** How as2-lib's receiver (AS2ReceiverHandler.handleIncomingMessage) wraps an HTTP body. */
    private static MimeBodyPart toPart(As2Entity entity) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(entity.body(), entity.contentType())));
        part.setHeader("Content-Type", entity.contentType());
        return part;
    }
}
