package org.clearway.routes.ingress.as2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.time.Duration;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.OutboundMdnMode;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.security.Pem;
import org.clearway.security.as2.As2PartnerPolicy;
import org.clearway.security.as2.EncryptionAlgorithm;
import org.clearway.security.as2.MicAlgorithm;

/**
 * The AS2 partner profiles of the configuration ({@code clearway.partners.<id>.as2}), keyed by the
 * partner's AS2 id, each mapped to the security core's {@link As2PartnerPolicy}. Built at start-up;
 * a broken profile (unreadable certificate, unknown algorithm, AS2 id used twice) stops the start.
 */
public final class As2Profiles {

    /**
     * One partner's AS2 profile: who it is in the gateway, its policy and the transport limits, and
     * for outbound ({@code url} set) how the MDN is requested: {@code outboundMdn}, how long an
     * async MDN is waited for, and after how many sends an async delivery is FAILED.
     */
    public record Profile(String partnerId, As2PartnerPolicy policy, boolean syncMdnAllowed, boolean asyncMdnAllowed,
                          List<String> asyncHosts, long maxRequestBytes, URI url, OutboundMdnMode outboundMdn,
                          Duration asyncMdnTimeout, int maxAttempts, boolean requireTls) {
        public Profile {
            if (requireTls && url != null && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("partner " + partnerId + ": require-tls is set but the AS2 url "
                        + url + " is not https");
            }
            asyncHosts = asyncHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            Objects.requireNonNull(outboundMdn, "outboundMdn");
            if (asyncMdnTimeout == null || asyncMdnTimeout.isNegative() || asyncMdnTimeout.isZero()) {
                throw new IllegalArgumentException("partner " + partnerId + ": async MDN timeout must be positive");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("partner " + partnerId + ": max-attempts must be at least 1");
            }
        }

        /** A profile with synchronous outbound MDNs (the default). */
        public Profile(String partnerId, As2PartnerPolicy policy, boolean syncMdnAllowed, boolean asyncMdnAllowed,
                       List<String> asyncHosts, long maxRequestBytes, URI url) {
            this(partnerId, policy, syncMdnAllowed, asyncMdnAllowed, asyncHosts, maxRequestBytes, url,
                    OutboundMdnMode.SYNC, Duration.ofMinutes(30), 5, false);
        }

        /** A profile without the TLS requirement. */
        public Profile(String partnerId, As2PartnerPolicy policy, boolean syncMdnAllowed, boolean asyncMdnAllowed,
                       List<String> asyncHosts, long maxRequestBytes, URI url, OutboundMdnMode outboundMdn,
                       Duration asyncMdnTimeout, int maxAttempts) {
            this(partnerId, policy, syncMdnAllowed, asyncMdnAllowed, asyncHosts, maxRequestBytes, url, outboundMdn,
                    asyncMdnTimeout, maxAttempts, false);
        }

        public boolean asyncOutbound() {
            return outboundMdn == OutboundMdnMode.ASYNC;
        }

        /**
         * Whether an async MDN may be posted to {@code url}: http(s) to one of the partner's hosts;
         * https only when the profile has {@code require-tls}.
         */
        public boolean asyncUrlAllowed(URI url) {
            if (!asyncMdnAllowed || url == null || url.getHost() == null || url.getRawUserInfo() != null) {
                return false;
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            boolean schemeAllowed = scheme.equals("https") || (scheme.equals("http") && !requireTls);
            return schemeAllowed && asyncHosts.contains(url.getHost().toLowerCase(Locale.ROOT));
        }
    }

    private static final List<MicAlgorithm> STRONG_DIGESTS =
            List.of(MicAlgorithm.SHA256, MicAlgorithm.SHA384, MicAlgorithm.SHA512);
    private static final List<EncryptionAlgorithm> STRONG_CIPHERS =
            List.of(EncryptionAlgorithm.AES256_CBC, EncryptionAlgorithm.AES128_CBC, EncryptionAlgorithm.AES192_CBC,
                    EncryptionAlgorithm.AES256_GCM, EncryptionAlgorithm.AES128_GCM);

    private final Map<String, Profile> byAs2Id;

    private As2Profiles(Map<String, Profile> byAs2Id) {
        this.byAs2Id = Map.copyOf(byAs2Id);
    }

    /** Reads every enabled AS2 profile of a postal partner; {@code gatewayAs2Id} is the station's id. */
    public static As2Profiles from(GatewayProperties properties, String gatewayAs2Id) {
        Map<String, Profile> profiles = new HashMap<>();
        properties.partners().forEach((partnerId, partner) -> {
            if (partner.as2() == null || !partner.as2().enabled()) {
                return;
            }
            if (partner.role() != Role.POSTAL || partner.edifact() == null) {
                throw new IllegalStateException("partner " + partnerId
                        + ": an AS2 profile needs role POSTAL and an edifact block");
            }
            Profile profile = profile(partnerId, partner, gatewayAs2Id);
            Profile clash = profiles.put(profile.policy().partnerAs2Id(), profile);
            if (clash != null) {
                throw new IllegalStateException("AS2 id " + profile.policy().partnerAs2Id() + " is configured for both "
                        + clash.partnerId() + " and " + partnerId);
            }
        });
        return new As2Profiles(profiles);
    }

    /** Profiles given directly (tests, tools). */
    public static As2Profiles of(Profile... profiles) {
        Map<String, Profile> map = new HashMap<>();
        for (Profile profile : profiles) {
            map.put(profile.policy().partnerAs2Id(), profile);
        }
        return new As2Profiles(map);
    }

    static Profile profile(String partnerId, Partner partner, String gatewayAs2Id) {
        GatewayProperties.As2 as2 = partner.as2();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : as2.certificates()) {
            try {
                certificates.addAll(Pem.readCertificates(file));
            } catch (IOException e) {
                throw new UncheckedIOException("partner " + partnerId + ": cannot read AS2 certificate " + file, e);
            }
        }
        List<MicAlgorithm> digests = new ArrayList<>(STRONG_DIGESTS);
        List<EncryptionAlgorithm> ciphers = new ArrayList<>(STRONG_CIPHERS);
        for (String weak : as2.allowedWeakAlgorithms()) {
            Optional<MicAlgorithm> digest = MicAlgorithm.fromName(weak);
            if (digest.isPresent()) {
                digests.add(digest.get());
                continue;
            }
            try {
                ciphers.add(EncryptionAlgorithm.valueOf(weak.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("partner " + partnerId + ": unknown AS2 algorithm " + weak
                        + " (sha-1, md5, DES_EDE3_CBC or RC2_CBC)", e);
            }
        }
        // Inbound receipts are answered in the mode the message asks for, within what the profile allows;
        // the policy's own mode is the one the gateway requests when it sends (outbound).
        As2PartnerPolicy policy = new As2PartnerPolicy(as2.as2Id(), gatewayAs2Id, certificates,
                as2.requireSignature(), as2.requireEncryption(), digests, ciphers, As2PartnerPolicy.MdnMode.SYNC, null,
                !certificates.isEmpty(), as2.maxDecompressedBytes());
        return new Profile(partnerId, policy, as2.mdn().syncAllowed(), as2.mdn().asyncAllowed(), as2.mdn().asyncHosts(),
                as2.maxRequestBytes(), as2.url(), as2.mdn().outboundMode(), as2.mdn().asyncTimeout(),
                as2.mdn().maxAttempts(), as2.requireTls());
    }

    public Optional<Profile> forAs2Id(String as2Id) {
        return as2Id == null ? Optional.empty() : Optional.ofNullable(byAs2Id.get(as2Id));
    }

    /** The profiles of partners that receive their outbox by AS2 (an {@code url} is configured). */
    public List<Profile> withUrl() {
        return byAs2Id.values().stream().filter(p -> p.url() != null).toList();
    }

    public boolean isEmpty() {
        return byAs2Id.isEmpty();
    }

    public int size() {
        return byAs2Id.size();
    }
}
