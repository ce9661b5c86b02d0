package org.clearway.routes.deliver;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.clearway.routes.ops.StageEvents;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.DeliveryJobStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.ClusterProperties;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Customs;
import org.clearway.routes.support.GatewayProperties.DeliveryChannel;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.clearway.mappings.customs.CustomsFormats;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.clearway.routes.pipeline.StageTransactions;

/** The HTTP push outbox of this instance, fed by the configured customs backends with channel HTTP. */
@Configuration(proxyBeanMethods = false)
class DeliveryOutboxConfig {

    @Bean
    DeliveryOutbox deliveryOutbox(DeliveryJobStore jobs, DeclarationStore declarations, TraceLog trace,
                                  StageEvents metrics, DeliveryStatus status, Partners partners,
                                  GatewayProperties properties, DeliveryPolicy policy, ClusterProperties cluster,
                                  Clock clock, StageTransactions transactions, MeterRegistry registry,
                                  CustomsFormats formats) {
        List<String> http = partners.withRole(Role.CUSTOMS).values().stream().map(Partner::customs)
                .filter(c -> c != null && c.channel() == DeliveryChannel.HTTP).map(Customs::backendId).sorted()
                .toList();
        DeliveryOutbox.Backends backends = new DeliveryOutbox.Backends() {
            @Override
            public List<String> httpBackends() {
                return http;
            }

            @Override
            public Optional<URI> pushUrl(String backendId) {
                return partners.customsBackend(backendId).map(Customs::pushUrl);
            }

            @Override
            public String mediaType(String backendId) {
                return formats.get(partners.customsBackend(backendId).map(Customs::format)
                        .orElse(CustomsFormats.DEFAULT)).mediaType();
            }
        };
        return new DeliveryOutbox(jobs, declarations, trace, metrics, status, backends, policy,
                properties.pipeline().httpRetryInitial(), properties.pipeline().httpRetryMax(), clock,
                cluster.resolveInstanceId(properties.dataDir()), transactions, registry, Duration.ofSeconds(30));
    }
}
