package org.clearway.routes.response.express;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.WebhookEndpointStore;
import org.clearway.routes.support.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Wires the {@link WebhookDispatcher} and polls it every {@code clearway.api.webhooks.poll-interval}
 * (fixed delay: one poll at a time, so a declaration never has two requests in flight), and purges
 * events older than {@code clearway.api.event-retention} (PARTNER-APIS §5.3) hourly.
 */
@Configuration
public class WebhookPush implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(WebhookPush.class);

    private final GatewayProperties properties;
    private final PartnerEventStore events;
    private final WebhookEndpointStore endpoints;
    private final Clock clock;

    public WebhookPush(GatewayProperties properties, PartnerEventStore events, WebhookEndpointStore endpoints,
                       Clock clock) {
        this.properties = properties;
        this.events = events;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Bean
    WebhookDispatcher webhookDispatcher() {
        GatewayProperties.Webhooks config = properties.api().webhooks();
        return new WebhookDispatcher(events, endpoints, WebhookTransport.http(config.timeout()), config, clock,
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        WebhookDispatcher dispatcher = webhookDispatcher();
        // a failing task is logged by the scheduler and runs again at the next poll; state is in the database
        registrar.addFixedDelayTask(() -> {
            // a full batch: more may be due right away (bounded, so a zero retry delay cannot spin)
            for (int round = 0; round < 20 && dispatcher.dispatchDue() == WebhookDispatcher.BATCH; round++) {
                log.debug("webhook batch {} was full", round);
            }
        }, properties.api().webhooks().pollInterval());
        registrar.addFixedDelayTask(() -> {
            int purged = events.purgeBefore(clock.instant().minus(properties.api().eventRetention()));
            if (purged > 0) {
                log.info("purged {} decision events older than {}", purged, properties.api().eventRetention());
            }
        }, Duration.ofHours(1));
    }
}
