package org.clearway.routes.ingress.as2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.clearway.routes.ingress.PostalIngressService;
import org.clearway.routes.store.As2MessageStore;
import org.clearway.routes.support.As2StationProperties;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.security.KeyAlgorithm;
import org.clearway.security.KeyMaterial;
import org.clearway.security.SigningKeys;
import org.clearway.security.as2.As2MessageReader;
import org.clearway.security.as2.MdnBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the AS2 station ({@code clearway.as2.enabled}, on by default): the gateway's AS2 key, the
 * partner profiles, the receiver and the async MDN sender. The AS2 key is kept apart from the
 * declaration signing key (which is ECDSA P-256 by default and cannot decrypt RSA key transport).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "clearway.as2.enabled", havingValue = "true", matchIfMissing = true)
public class As2Config {
    private static final Logger log = LoggerFactory.getLogger(As2Config.class);

    /** The station's identity; not a {@link KeyMaterial} bean, so it never competes with the signing key. */
    public record As2Station(String as2Id, KeyMaterial key) {
    }

    @Bean
    As2Station as2Station(As2StationProperties station, GatewayProperties properties, Clock clock) throws Exception {
        KeyMaterial key;
        if (station.keystore() != null && !station.keystore().toString().isBlank()) {
            char[] keyPassword = station.keyPassword().isEmpty() ? null : station.keyPassword().toCharArray();
            key = SigningKeys.loadPkcs12(station.keystore(), station.keystorePassword().toCharArray(),
                    station.keyAlias(), keyPassword);
        } else {
            Path dir = properties.dataDir().resolve("keys").resolve("as2");
            Files.createDirectories(dir);
            key = SigningKeys.loadOrGenerateDevelopment(dir, KeyAlgorithm.RSA_PSS, clock);
            log.warn("AS2 station {} uses a DEVELOPMENT key from {}; configure clearway.as2.keystore for production",
                    station.as2Id(), dir);
        }
        if (!(key.privateKey() instanceof java.security.interfaces.RSAKey)) {
            throw new IllegalStateException("the AS2 key must be RSA (RSA key transport, RFC 4130 §2.4.2); "
                    + station.keystore() + " holds " + key.privateKey().getAlgorithm());
        }
        return new As2Station(station.as2Id(), key);
    }

    @Bean
    As2Profiles as2Profiles(GatewayProperties properties, As2Station station) {
        As2Profiles profiles = As2Profiles.from(properties, station.as2Id());
        log.info("AS2 station {}: {} partner profile(s), endpoint POST /as2", station.as2Id(), profiles.size());
        return profiles;
    }

    @Bean
    As2Receiver as2Receiver(As2Profiles profiles, As2Station station, As2StationProperties stationProperties,
                            As2MessageStore store, PostalIngressService ingress, Clock clock) {
        return new As2Receiver(profiles, station.as2Id(), stationProperties.reportingUa(),
                new As2MessageReader(List.of(station.key()), clock), new MdnBuilder(station.key(), clock), store,
                ingress::submit, clock);
    }

    @Bean(destroyMethod = "close")
    AsyncMdnSender asyncMdnSender(As2StationProperties station) {
        return new AsyncMdnSender(station.asyncMdnTimeout());
    }
}
