package org.clearway.routes.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.clearway.routes.ingress.as2.As2Config.As2Station;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.Queues;
import org.clearway.security.KeyMaterial;
import org.clearway.security.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges read at scrape time: queue depths and dead letters from the embedded broker, delivery
 * backlog per customs backend and bulk-upload progress from the database, and the days left on
 * the signing, AS2 station and AS2 partner certificates. A source that cannot be read reports NaN
 * (the scrape itself never fails).
 */
@Component
public class GatewayMetrics implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);

    public static final String QUEUE_MESSAGES = "clearway.queue.messages";
    public static final String DEAD_LETTER_MESSAGES = "clearway.deadletter.messages";
    public static final String DELIVERY_BACKLOG = "clearway.delivery.backlog";
    public static final String CERTIFICATE_DAYS = "clearway.certificate.days.left";
    public static final String UPLOADS_PROCESSING = "clearway.upload.processing";
    public static final String UPLOAD_LINES = "clearway.upload.lines";

    private final BrokerQueues queues;
    private final Partners partners;
    private final JdbcClient jdbc;
    private final KeyMaterial signingKey;
    private final ObjectProvider<As2Station> as2Station;
    private final Clock clock;

    public GatewayMetrics(BrokerQueues queues, Partners partners, JdbcClient jdbc, KeyMaterial signingKey,
                          ObjectProvider<As2Station> as2Station, Clock clock) {
        this.queues = queues;
        this.partners = partners;
        this.jdbc = jdbc;
        this.signingKey = signingKey;
        this.as2Station = as2Station;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String queue : BrokerQueues.PIPELINE) {
            gauge(registry, QUEUE_MESSAGES, "Messages waiting in a pipeline queue", () -> count(queue), "queue", queue);
            gauge(registry, DEAD_LETTER_MESSAGES, "Messages in a dead-letter queue", () -> count(Queues.dlq(queue)),
                    "queue", Queues.dlq(queue), "origin", queue);
        }
        gauge(registry, DEAD_LETTER_MESSAGES, "Messages in a dead-letter queue", () -> count("DLQ"),
                "queue", "DLQ", "origin", "broker");
        partners.withRole(Role.CUSTOMS).values().stream().map(Partner::customs).filter(c -> c != null)
                .forEach(c -> gauge(registry, DELIVERY_BACKLOG, "Signed declaration revisions not yet delivered",
                        () -> backlog(jdbc, c.backendId()), "backend", c.backendId()));
        gauge(registry, CERTIFICATE_DAYS, "Days until the certificate expires",
                () -> days(signingKey.signerCertificate()), "purpose", "signing", "partner", "gateway");
        gauge(registry, CERTIFICATE_DAYS, "Days until the certificate expires", () -> {
            As2Station station = as2Station.getIfAvailable();
            return station == null ? Double.NaN : days(station.key().signerCertificate());
        }, "purpose", "as2-station", "partner", "gateway");
        partners.all().forEach((id, partner) -> {
            if (partner.as2() != null && partner.as2().enabled() && !partner.as2().certificates().isEmpty()) {
                Path first = partner.as2().certificates().get(0);
                gauge(registry, CERTIFICATE_DAYS, "Days until the certificate expires", () -> {
                    Long d = daysLeft(first, clock.instant());
                    return d == null ? Double.NaN : d;
                }, "purpose", "as2-partner", "partner", id);
            }
        });
        gauge(registry, UPLOADS_PROCESSING, "Platform bulk uploads being processed",
                () -> jdbc.sql("select count(*) from platform_upload where status = 'PROCESSING'").query(Long.class).single());
        gauge(registry, UPLOAD_LINES, "Lines of platform bulk uploads in progress, by state",
                () -> sum("lines_total"), "state", "processed");
        gauge(registry, UPLOAD_LINES, "Lines of platform bulk uploads in progress, by state",
                () -> sum("lines_rejected"), "state", "rejected");
    }

    private double sum(String column) {
        return jdbc.sql("select coalesce(sum(" + column + "), 0) from platform_upload where status = 'PROCESSING'")
                .query(Long.class).single();
    }

    private double count(String queue) {
        long n = queues.messageCount(queue);
        return n < 0 ? Double.NaN : n;
    }

    /** Signed revisions of this backend not yet delivered (JMS/HTTP waiting, or a backend that is down). */
    static long backlog(JdbcClient jdbc, String backendId) {
        return jdbc.sql("select count(*) from declaration_revision where backend_id = ? and delivered_at is null and signed_at is not null")
                .param(backendId).query(Long.class).single();
    }

    private double days(X509Certificate certificate) {
        return Duration.between(clock.instant(), certificate.getNotAfter().toInstant()).toHours() / 24.0;
    }

    /** Whole days left on the first certificate of a PEM file, null when it cannot be read. */
    static Long daysLeft(Path pem, Instant now) {
        try {
            List<X509Certificate> certs = Pem.readCertificates(pem);
            return certs.isEmpty() ? null : Duration.between(now, certs.get(0).getNotAfter().toInstant()).toDays();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void gauge(MeterRegistry registry, String name, String description, Supplier<Number> value,
                              String... tags) {
        Gauge.builder(name, () -> {
            try {
                return value.get();
            } catch (RuntimeException e) {
                log.debug("metric {} not readable: {}", name, e.toString());
                return Double.NaN;
            }
        }).description(description).tags(tags).register(registry);
    }
}
