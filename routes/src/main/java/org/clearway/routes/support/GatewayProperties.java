package org.clearway.routes.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's typed configuration ({@code clearway.*}), checked at startup. Values live in
 * {@code config/application.yml} and {@code config/partners.yml}; the code holds safe defaults only.
 */
@Validated
@ConfigurationProperties("clearway")
public record GatewayProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @Valid @NotNull @DefaultValue Gateway gateway,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Signing signing,
        @Valid @NotNull @DefaultValue Pipeline pipeline,
        @Valid @NotNull @DefaultValue Routing routing,
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotEmpty Map<String, Partner> partners,
        @NotNull @DefaultValue List<String> genericDescriptions,
        @NotNull @DefaultValue Map<String, BigDecimal> exchangeRates) {

    /** The gateway's own identity on the EDIFACT side (UNB recipient of CUSITM). */
    public record Gateway(@NotBlank @DefaultValue("DECUSTGW") String edifactId,
                          @NotBlank @DefaultValue("ZZZ") String edifactQualifier,
                          @DefaultValue("") String adminApiKey) {
    }

    /** Size limits (MIG §3.6, X019) and retention windows. */
    public record Limits(@DefaultValue("268435456") long interchangeMaxBytes,
                         @DefaultValue("30d") Duration duplicateWindow,
                         @DefaultValue("90d") Duration retention) {
    }

    /**
     * Signing key (CANONICAL-MODEL §10.2). With no keystore, a development key pair is generated
     * under the data directory on first start.
     */
    public record Signing(Path keystore, @DefaultValue("") String keystorePassword,
                          @DefaultValue("clearway-signing") String keyAlias,
                          @DefaultValue("") String keyPassword,
                          @DefaultValue List<Path> previousCertificates) {
    }

    /** Consumer concurrency of the internal stages and redelivery of transient failures. */
    public record Pipeline(@DefaultValue("4") int concurrentConsumers,
                           @DefaultValue("5") int maximumRedeliveries,
                           @DefaultValue("500ms") Duration redeliveryDelay,
                           @DefaultValue("2s") Duration httpRetryInitial,
                           @DefaultValue("5m") Duration httpRetryMax) {
    }

    /** Declaration routing (CANONICAL-MODEL §5.1): destination country -> backend, thresholds. */
    public record Routing(@DefaultValue("DEMO-CUSTOMS") String defaultBackend,
                          @DefaultValue Map<String, String> destinations,
                          @DefaultValue("150.00") BigDecimal euH7Max,
                          @DefaultValue("150.00") BigDecimal euDeMinimis,
                          @DefaultValue("800.00") BigDecimal usDeMinimis) {
    }

    /** One configured party (CUSTOMS-AND-POSTAL-INTERFACES §1). Partners are data, not code. */
    public record Partner(@NotNull Role role,
                          @NotNull @DefaultValue List<@Size(min = 12) String> apiKeys,
                          Edifact edifact,
                          @DefaultValue("0s") Duration holdWindow,
                          @DefaultValue("true") boolean dropDirectory,
                          Customs customs,
                          @Valid Express express,
                          @NotNull @DefaultValue List<String> scopes,
                          @NotNull @DefaultValue List<@jakarta.validation.constraints.Pattern(regexp = "^[0-9a-f]{64}$") String> apiKeySha256,
                          @Valid Platform platform,
                          @Valid As2 as2,
                          @Valid Postal postal) {
        /**
         * The partner's scopes (PARTNER-APIS §1.1); when none are configured, the role's defaults:
         * express {@code express:write decisions:read webhooks:admin}, platform
         * {@code platform:write decisions:read webhooks:admin}.
         */
        public List<String> effectiveScopes() {
            if (!scopes.isEmpty()) {
                return scopes;
            }
            return switch (role) {
                case EXPRESS -> List.of("express:write", "decisions:read", "webhooks:admin");
                case PLATFORM -> List.of("platform:write", "decisions:read", "webhooks:admin");
                default -> List.of();
            };
        }
    }

    /**
     * An express carrier (PARTNER-APIS §3, CUSTOMS-AND-POSTAL §5): the carrier codes bound to it,
     * whether HS codes are mandatory for COMMERCIAL shipments, and its CARRIER party.
     */
    public record Express(@NotNull @DefaultValue List<String> carrierCodes,
                          @DefaultValue("false") boolean hsMandatory,
                          @Valid CarrierParty party) {
    }

    /**
     * An e-commerce platform (PARTNER-APIS §6, CUSTOMS-AND-POSTAL §5): the carrier codes whose
     * tracking numbers its orders may link (§1.1: others are 403 {@code forbidden-scope}) and its
     * PLATFORM party.
     */
    public record Platform(@NotNull @DefaultValue List<String> linkableCarrierCodes,
                           @Valid CarrierParty party) {
    }

    /**
     * A postal operator's correlation settings (PARTNER-APIS §6.5, §7.1 row 2): the UPU operator
     * codes under which platforms name the parcels this partner declares (the posting designated
     * operator, e.g. {@code CNPOST}); a platform links such a parcel with one of these codes as
     * {@code carrierCode} and the S10 id as {@code trackingNumber}. Empty = its items are never
     * fused with platform orders.
     */
    public record Postal(@NotNull @DefaultValue List<@jakarta.validation.constraints.Pattern(regexp = "^[A-Z0-9]{2,35}$") String> operatorCodes) {
    }

    /** The configured CARRIER (or PLATFORM) party of a partner (CANONICAL-MODEL §5.3). */
    public record CarrierParty(@NotBlank String name, @NotBlank String street, String postcode,
                               @NotBlank String city, @NotBlank String country, String eori, String vat,
                               String ioss) {
    }

    /**
     * Express and platform API limits and decision delivery (PARTNER-APIS §1.1-§1.3, §5): body
     * limits, gzip ratio, rate limit, idempotency retention, webhook retry schedule and
     * auto-disable, event retention.
     */
    public record Api(@DefaultValue("2097152") long maxJsonBytes,
                      @DefaultValue("10485760") long maxBatchBytes,
                      @DefaultValue("10485760") long maxSoapBytes,
                      @DefaultValue("100") int maxGzipRatio,
                      @DefaultValue("50") int rateLimitPerSecond,
                      @DefaultValue("200") int rateLimitBurst,
                      @DefaultValue("7d") Duration idempotencyRetention,
                      @DefaultValue("30d") Duration eventRetention,
                      @Valid @NotNull @DefaultValue Webhooks webhooks,
                      @Valid @NotNull @DefaultValue Upload upload) {
        /** The §1.3 / §5.2 defaults, for tests that build properties by hand. */
        public static Api defaults() {
            return new Api(2_097_152, 10_485_760, 10_485_760, 100, 50, 200, Duration.ofDays(7), Duration.ofDays(30),
                    new Webhooks(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
                            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12),
                            Duration.ofHours(24)), Duration.ofSeconds(10), 20, Duration.ofHours(24),
                            Duration.ofSeconds(1), true),
                    new Upload(1_073_741_824L, 2_000_000, 1_048_576, 2, 20_000, 500, 2));
        }
    }

    /**
     * Platform bulk uploads (PARTNER-APIS §1.1, §1.3, §6.1): bytes after decompression, lines, bytes
     * per line, uploads per partner at once; CSV rows held in memory before spilling
     * ({@code buffered-rows}), orders stored per database transaction ({@code chunk}) and uploads
     * processed at once by the gateway ({@code workers}).
     */
    public record Upload(@DefaultValue("1073741824") long maxBytes,
                         @DefaultValue("2000000") long maxLines,
                         @DefaultValue("1048576") int maxLineBytes,
                         @DefaultValue("2") int concurrentPerPartner,
                         @DefaultValue("20000") int bufferedRows,
                         @DefaultValue("500") int chunk,
                         @DefaultValue("2") int workers) {
    }

    /** Webhook push (PARTNER-APIS §5.2, normative). */
    public record Webhooks(@NotNull @DefaultValue({"10s", "1m", "5m", "30m", "2h", "6h", "12h", "24h"}) List<Duration> retrySchedule,
                           @DefaultValue("10s") Duration timeout,
                           @DefaultValue("20") int disableAfterFailedEvents,
                           @DefaultValue("24h") Duration previousSecretValidity,
                           @DefaultValue("1s") Duration pollInterval,
                           @DefaultValue("true") boolean requireHttps) {
    }

    /**
     * A postal partner's AS2 profile (CUSTOMS-AND-POSTAL §2.1), mapped to the security core's
     * {@code As2PartnerPolicy}. Absent or {@code enabled: false}: the partner cannot use AS2.
     * Certificates are PEM files (the current one first during a rotation); weak algorithms
     * ({@code sha-1}, {@code md5}, {@code DES_EDE3_CBC}, {@code RC2_CBC}) are refused unless listed.
     * {@code url} is the partner's AS2 endpoint: when set, its outbox entries (CUSRSP, CONTRL) are
     * sent there by AS2 and acknowledged only by a verified positive MDN.
     */
    public record As2(@DefaultValue("true") boolean enabled,
                      @NotBlank String as2Id,
                      @NotNull @DefaultValue List<Path> certificates,
                      @DefaultValue("true") boolean requireSignature,
                      @DefaultValue("true") boolean requireEncryption,
                      @NotNull @DefaultValue List<String> allowedWeakAlgorithms,
                      @Valid @NotNull @DefaultValue As2Mdn mdn,
                      @DefaultValue("16777216") long maxRequestBytes,
                      @DefaultValue("67108864") long maxDecompressedBytes,
                      URI url,
                      @DefaultValue("false") boolean requireTls) {
    }

    /**
     * Receipts. Inbound: which receipts the partner may ask for; async MDNs go only to these hosts
     * (exact, case-insensitive). Outbound (partners with an {@code url}): {@code outbound-mode}
     * {@code sync} asks for the MDN in the HTTP response; {@code async} asks for it to be posted to
     * {@code clearway.as2.mdn-url}, waits {@code async-timeout} for it, resends the same message
     * (same Message-ID) with backoff and marks the delivery FAILED after {@code max-attempts} sends.
     */
    public record As2Mdn(@DefaultValue("true") boolean syncAllowed,
                         @DefaultValue("false") boolean asyncAllowed,
                         @NotNull @DefaultValue List<String> asyncHosts,
                         @NotNull @DefaultValue("SYNC") OutboundMdnMode outboundMode,
                         @NotNull @DefaultValue("30m") Duration asyncTimeout,
                         @Min(1) @DefaultValue("5") int maxAttempts) {
    }

    /** How the gateway asks partners for the MDN of what it sends (RFC 4130 §7.1). */
    public enum OutboundMdnMode { SYNC, ASYNC }

    public enum Role { POSTAL, EXPRESS, PLATFORM, CUSTOMS }

    /** UNB identity of a postal partner and how its responses are written. */
    public record Edifact(@NotBlank String senderId, @NotBlank @DefaultValue("ZZZ") String qualifier,
                          @DefaultValue("false") boolean crlf) {
        public String key() {
            return senderId + ":" + qualifier;
        }
    }

    /**
     * A customs backend: where its declarations go and in which currency it declares.
     * {@code pullCopy} also keeps the declarations of a JMS or HTTP backend for the pull API.
     */
    public record Customs(@NotBlank String backendId, @NotBlank @DefaultValue("DE") String country,
                          @NotBlank @DefaultValue("EUR") String currency,
                          @NotNull @DefaultValue("JMS") DeliveryChannel channel,
                          URI pushUrl,
                          @DefaultValue("false") boolean sharedQueue,
                          @DefaultValue("false") boolean requireSignedDecisions,
                          @DefaultValue List<Path> trustedCertificates,
                          @DefaultValue Map<String, String> reasonCodes,
                          @DefaultValue("false") boolean vatIsGst,
                          @DefaultValue("false") boolean pullCopy,
                          @NotBlank @DefaultValue("canonical-json-v1") String format) {
        /** Whether signed declarations are kept for {@code GET /v1/customs/declarations}. */
        public boolean pullable() {
            return channel == DeliveryChannel.PULL || pullCopy;
        }
    }

    public enum DeliveryChannel { JMS, HTTP, PULL }
}
