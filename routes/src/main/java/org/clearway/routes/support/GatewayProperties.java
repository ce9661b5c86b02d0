package org.clearway.routes.support;

import jakarta.validation.Valid;
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
                          Customs customs) {
    }

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
                          @DefaultValue("false") boolean pullCopy) {
        /** Whether signed declarations are kept for {@code GET /v1/customs/declarations}. */
        public boolean pullable() {
            return channel == DeliveryChannel.PULL || pullCopy;
        }
    }

    public enum DeliveryChannel { JMS, HTTP, PULL }
}
