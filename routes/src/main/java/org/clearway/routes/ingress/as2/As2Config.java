package org.clearway.routes.ingress.as2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.clearway.routes.ingress.PostalIngressService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.util.function.Supplier;
import org.clearway.routes.response.As2MdnReceiver;
import org.clearway.routes.response.As2OutboxSender;
import org.clearway.routes.store.TraceLog;
import org.springframework.core.env.Environment;
import org.clearway.routes.store.As2DeliveryStore;
import org.clearway.routes.store.As2MessageStore;
import org.clearway.routes.store.OutboxStore;
import org.clearway.routes.support.As2StationProperties;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.security.As2Keys;
import org.clearway.security.KeyMaterial;
import org.clearway.security.SigningKeys;
import org.clearway.security.as2.As2MessageReader;
import org.clearway.security.as2.As2MessageBuilder;
import org.clearway.security.as2.MdnBuilder;
import org.clearway.security.as2.MdnReader;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the AS2 station ({@code clearway.as2.enabled}, on by default): the gateway's AS2 key, the
 * partner profiles, the receiver, the async MDN sender and the outbound sender of the outbox. The AS2 key is kept apart from the
 * declaration signing key (which is ECDSA P-256 by default and cannot decrypt RSA key transport).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "clearway.as2.enabled", havingValue = "true", matchIfMissing = true)
public class As2Config {
    private static final Logger log = LoggerFactory.getLogger(As2Config.class);

    /** The station's identity; not a {@link KeyMaterial} bean, so it never competes with the signing key. */
    public record As2Station(String as2Id, KeyMaterial key, List<KeyMaterial> decryptionKeys) {
        public As2Station(String as2Id, KeyMaterial key) {
            this(as2Id, key, List.of(key));
        }
    }

    /**
     * Tomcat answers {@code Expect: 100-continue} when the application first reads the body
     * ({@code continueResponseTiming=onRead}) instead of at once, its default: a request the
     * controller refuses on its headers (unknown AS2-From, Content-Length over the partner's cap)
     * gets its 403/413 before the partner sends the body. Endpoints that read their body answer
     * 100 as before.
     */
    @Bean
    TomcatConnectorCustomizer continueWhenTheBodyIsRead() {
        return connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming("onRead");
            }
        };
    }

    @Bean
    As2Station as2Station(As2StationProperties station, GatewayProperties properties, Clock clock) throws Exception {
        KeyMaterial key;
        List<KeyMaterial> decryptionKeys;
        if (station.keystore() != null && !station.keystore().toString().isBlank()) {
            char[] keyPassword = station.keyPassword().isEmpty() ? null : station.keyPassword().toCharArray();
            key = SigningKeys.loadPkcs12(station.keystore(), station.keystorePassword().toCharArray(),
                    station.keyAlias(), keyPassword);
            decryptionKeys = List.of(key);
            if (!As2Keys.fitForAs2(key.signerCertificate())) {
                // a configured production key is never replaced: say what partners will run into
                log.warn("The AS2 certificate {} in {} lacks keyEncipherment (or digitalSignature) in its key usage:"
                        + " stricter AS2 products refuse to encrypt to it; issue one with both",
                        key.signerCertificate().getSubjectX500Principal(), station.keystore());
            }
        } else {
            Path dir = properties.dataDir().resolve("keys").resolve("as2");
            Files.createDirectories(dir);
            As2Keys.Development development = As2Keys.loadOrGenerateDevelopment(dir, clock);
            key = development.key();
            decryptionKeys = development.previous().map(previous -> List.of(key, previous)).orElse(List.of(key));
            log.warn("AS2 station {} uses a DEVELOPMENT key from {}; configure clearway.as2.keystore for production",
                    station.as2Id(), dir);
        }
        if (!(key.privateKey() instanceof java.security.interfaces.RSAKey)) {
            throw new IllegalStateException("the AS2 key must be RSA (RSA key transport, RFC 4130 §2.4.2); "
                    + station.keystore() + " holds " + key.privateKey().getAlgorithm());
        }
        return new As2Station(station.as2Id(), key, decryptionKeys);
    }

    @Bean
    As2Profiles as2Profiles(GatewayProperties properties, As2Station station) {
        As2Profiles profiles = As2Profiles.from(properties, station.as2Id());
        log.info("AS2 station {}: {} partner profile(s), endpoints POST /as2 and POST /as2/mdn (async MDNs)", station.as2Id(), profiles.size());
        return profiles;
    }

    @Bean
    As2Receiver as2Receiver(As2Profiles profiles, As2Station station, As2StationProperties stationProperties,
                            As2MessageStore store, PostalIngressService ingress, Clock clock) {
        return new As2Receiver(profiles, station.as2Id(), stationProperties.reportingUa(),
                new As2MessageReader(station.decryptionKeys(), clock), new MdnBuilder(station.key(), clock), store,
                ingress::submit, clock);
    }

    @Bean
    As2OutboxSender as2OutboxSender(As2Profiles profiles, OutboxStore outbox, As2DeliveryStore deliveries,
                                    As2Station station, As2StationProperties stationProperties,
                                    GatewayProperties properties, TraceLog trace, Environment environment,
                                    Clock clock) {
        Supplier<URI> mdnUrl;
        if (stationProperties.mdnUrl() != null) {
            URI configured = stationProperties.mdnUrl();
            mdnUrl = () -> configured;
        } else {
            if (profiles.withUrl().stream().anyMatch(As2Profiles.Profile::asyncOutbound)) {
                log.warn("clearway.as2.mdn-url is not set: partners with async outbound MDNs are asked to post them to"
                        + " http://127.0.0.1:<port>/as2/mdn, reachable only from this host");
            }
            // the port is known only once the web server runs (0 = random in tests)
            mdnUrl = () -> URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080")) + "/as2/mdn");
        }
        As2OutboxSender sender = new As2OutboxSender(profiles, outbox, deliveries,
                new As2MessageBuilder(station.key(), clock), new MdnReader(clock), station.as2Id(),
                stationProperties.outboundTimeout(), properties.pipeline().httpRetryInitial(),
                properties.pipeline().httpRetryMax(), clock, trace, mdnUrl, stationProperties.sslContext());
        sender.setSyncMaxAttempts(stationProperties.syncMaxAttempts());
        return sender;
    }

    @Bean
    As2MdnReceiver as2MdnReceiver(As2Profiles profiles, As2DeliveryStore deliveries, OutboxStore outbox,
                                  As2Station station, GatewayProperties properties, TraceLog trace, Clock clock) {
        return new As2MdnReceiver(profiles, deliveries, outbox, new MdnReader(clock), trace, station.as2Id(),
                properties.pipeline().httpRetryInitial(), properties.pipeline().httpRetryMax(), clock);
    }

    /** Runs the outbound sender every {@code clearway.as2.outbound-poll-interval} on one thread. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService as2OutboundScheduler(As2OutboxSender sender, As2Profiles profiles,
                                                  As2StationProperties station) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "as2-outbound");
            thread.setDaemon(true);
            return thread;
        });
        if (!profiles.withUrl().isEmpty()) {
            long interval = station.outboundPollInterval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    sender.deliverDue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    // the schedule must survive one bad run (e.g. database briefly unavailable)
                    log.error("AS2 outbound run failed: {}", e.toString(), e);
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
        }
        return scheduler;
    }

    @Bean(destroyMethod = "close")
    AsyncMdnSender asyncMdnSender(As2StationProperties station) {
        return new AsyncMdnSender(station.asyncMdnTimeout(), station.sslContext());
    }
}
