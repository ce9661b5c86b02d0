package org.clearway.routes.ops;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.endpoint.ServerRegistry;
import org.clearway.routes.deliver.DeliveryStatus;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.clearway.security.KeyMaterial;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health contributors beyond Boot's {@code db} and {@code jms}: {@code camelRoutes} (every route
 * started, the SOAP endpoint published), {@code signingKey}, and one contributor per customs backend
 * and per AS2 partner with a URL. The first two are part of the readiness group (application.yml);
 * backends and partners are shown in {@code /actuator/health} only: a customs backend that is down
 * must not take the gateway out of its load balancer, since it keeps accepting and queueing.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayHealth {
    /** The SOAP binding's address below {@code cxf.path} (SoapIngressRoute.ADDRESS). */
    static final String SOAP_ADDRESS = "/express/v1";
    /** A signing certificate closer than this to its end is reported, still UP. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    @Bean
    HealthIndicator camelRoutesHealthIndicator(CamelContext camel, Bus bus) {
        return () -> {
            Map<String, Object> routes = new LinkedHashMap<>();
            boolean up = camel.getStatus() == ServiceStatus.Started;
            List<Route> all = camel.getRoutes();
            for (Route route : all) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
                routes.put(route.getRouteId(), status == null ? "Unknown" : status.name());
                up &= status == ServiceStatus.Started;
            }
            boolean soapPublished = soapPublished(bus);
            up &= soapPublished && !all.isEmpty();
            return (up ? Health.up() : Health.outOfService())
                    .withDetail("context", camel.getStatus().name())
                    .withDetail("routes", routes)
                    .withDetail("soapEndpoint", soapPublished ? "published" : "not published")
                    .build();
        };
    }

    /** The CXF server of the SOAP binding is started (until then CXF answers 404 "No service was found"). */
    static boolean soapPublished(Bus bus) {
        ServerRegistry registry = bus.getExtension(ServerRegistry.class);
        if (registry == null) {
            return false;
        }
        for (Server server : registry.getServers()) {
            String address = server.getEndpoint().getEndpointInfo().getAddress();
            if (address != null && address.endsWith(SOAP_ADDRESS) && server.isStarted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code brokerStorage} (readiness): the embedded broker's data disk. Above Artemis's
     * max-disk-usage (90 %) the broker blocks every producer until space is freed, so requests that
     * must queue something would hang; the instance leaves its load balancer instead. UP without an
     * embedded broker (an external broker is watched by its own monitoring).
     */
    @Bean
    HealthIndicator brokerStorageHealthIndicator(BrokerQueues broker) {
        return () -> brokerStorage(broker.server());
    }

    static Health brokerStorage(org.apache.activemq.artemis.core.server.ActiveMQServer server) {
        if (server == null || server.getPagingManager() == null) {
            return Health.up().withDetail("broker", "external or not started").build();
        }
        var paging = server.getPagingManager();
        long usable = paging.getDiskUsableSpace();
        long total = paging.getDiskTotalSpace();
        Health.Builder health = paging.isDiskFull()
                ? Health.outOfService().withDetail("reason", "broker data disk above max-disk-usage: producers are blocked")
                : Health.up();
        return health.withDetail("usableBytes", usable).withDetail("totalBytes", total).build();
    }

    @Bean
    HealthIndicator signingKeyHealthIndicator(KeyMaterial signingKey, Clock clock) {
        return () -> {
            X509Certificate cert = signingKey.signerCertificate();
            Instant now = clock.instant();
            Instant notAfter = cert.getNotAfter().toInstant();
            Health.Builder health = signingKey.privateKey() == null || now.isAfter(notAfter)
                    || now.isBefore(cert.getNotBefore().toInstant()) ? Health.down() : Health.up();
            health.withDetail("keyId", signingKey.signerKeyId())
                    .withDetail("algorithm", signingKey.algorithm().name())
                    .withDetail("notAfter", notAfter.toString())
                    .withDetail("daysLeft", Duration.between(now, notAfter).toDays());
            if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
                health.withDetail("warning", "the signing certificate expires within " + EXPIRY_WARNING.toDays() + " days");
            }
            return health.build();
        };
    }

    /**
     * Per customs backend: its channel, the last delivery and failure seen by this instance, and
     * the backlog (signed revisions not yet delivered, from the database, so it counts every
     * instance's). DOWN while its latest attempt failed.
     */
    @Bean
    HealthContributor customsBackendsHealthContributor(Partners partners, DeliveryStatus status, JdbcClient jdbc,
                                                       org.clearway.routes.store.DeliveryJobStore pushJobs) {
        Map<String, HealthContributor> backends = new LinkedHashMap<>();
        partners.withRole(Role.CUSTOMS).values().stream().map(Partner::customs).filter(c -> c != null)
                .forEach(customs -> backends.put(customs.backendId(), (HealthIndicator) () -> {
                    var seen = status.of(customs.backendId());
                    Health.Builder health = seen.map(s -> s.failuresSinceDelivery() > 0).orElse(false)
                            ? Health.down() : Health.up();
                    health.withDetail("channel", customs.channel().name());
                    if (customs.pushUrl() != null) {
                        health.withDetail("pushUrl", customs.pushUrl().toString());
                    }
                    seen.ifPresent(s -> {
                        if (s.lastDelivered() != null) {
                            health.withDetail("lastDelivery", s.lastDelivered().toString());
                        }
                        if (s.failuresSinceDelivery() > 0) {
                            health.withDetail("lastFailure", s.lastFailure().toString())
                                    .withDetail("lastError", s.lastError())
                                    .withDetail("failedAttempts", s.failuresSinceDelivery());
                        }
                    });
                    if (seen.map(s -> s.lastDelivered() == null).orElse(true)) {
                        jdbc.sql("select max(delivered_at) from declaration_revision where backend_id = ?")
                                .param(customs.backendId()).query(Timestamp.class).optional()
                                .ifPresent(t -> health.withDetail("lastDelivery", t.toInstant().toString()));
                    }
                    health.withDetail("backlog", GatewayMetrics.backlog(jdbc, customs.backendId()));
                    if (customs.channel() == org.clearway.routes.support.GatewayProperties.DeliveryChannel.HTTP) {
                        // the push outbox (every instance's): waiting jobs, the next try, jobs given up
                        var outbox = pushJobs.summary().get(customs.backendId());
                        health.withDetail("pushPending", outbox == null ? 0 : outbox.pending())
                                .withDetail("pushDead", outbox == null ? 0 : outbox.dead());
                        if (outbox != null && outbox.nextTry() != null) {
                            health.withDetail("pushNextTry", outbox.nextTry().toString());
                        }
                    }
                    return health.build();
                }));
        return CompositeHealthContributor.fromMap(backends);
    }

    /**
     * Per AS2 partner: configured or not (URL, certificates with their days left) and whether it
     * is reachable as the gateway's own deliveries last found it. No probe is sent: a partner is
     * never hammered by health checks. DOWN when its latest delivery attempt failed or its
     * certificate has expired.
     */
    @Bean
    HealthContributor as2PartnersHealthContributor(Partners partners, JdbcClient jdbc, Clock clock) {
        Map<String, HealthContributor> as2 = new LinkedHashMap<>();
        partners.all().forEach((partnerId, partner) -> {
            if (partner.as2() == null || !partner.as2().enabled()) {
                return;
            }
            as2.put(partnerId, (HealthIndicator) () -> {
                Instant now = clock.instant();
                Health.Builder health = Health.up();
                URI url = partner.as2().url();
                health.withDetail("as2Id", partner.as2().as2Id())
                        .withDetail("outbound", url == null ? "none (inbound only)" : url.toString());
                Map<String, Object> certificates = new LinkedHashMap<>();
                for (var path : partner.as2().certificates()) {
                    Long days = GatewayMetrics.daysLeft(path, now);
                    certificates.put(path.getFileName().toString(), days == null ? "unreadable" : days);
                    if (days == null || days < 0) {
                        health.down();
                    }
                }
                health.withDetail("certificateDaysLeft", certificates);
                if (url != null) {
                    record Last(String state, String error, Timestamp at) {
                    }
                    jdbc.sql("select state, last_error, updated_at from as2_delivery where partner_id = ? order by updated_at desc limit 1")
                            .param(partnerId)
                            .query((rs, n) -> new Last(rs.getString(1), rs.getString(2), rs.getTimestamp(3)))
                            .optional().ifPresentOrElse(last -> {
                                health.withDetail("lastDelivery", last.state() + " at " + last.at().toInstant());
                                if (!"DELIVERED".equals(last.state()) && last.error() != null) {
                                    health.down().withDetail("lastError", last.error());
                                }
                            }, () -> health.withDetail("lastDelivery", "none yet"));
                    health.withDetail("pending", jdbc.sql("select count(*) from as2_delivery where partner_id = ? and state in ('PENDING', 'AWAITING_MDN')")
                            .param(partnerId).query(Long.class).single());
                }
                return health.build();
            });
        });
        return as2.isEmpty() ? CompositeHealthContributor.fromMap(Map.of("none", (HealthIndicator) () -> Health.up()
                .withDetail("as2", "no AS2 partner configured").build())) : CompositeHealthContributor.fromMap(as2);
    }
}
