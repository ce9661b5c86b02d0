package org.clearway.routes.support;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Broker and JMS wiring. The embedded Artemis keeps persistence and journal sync on; the journal
 * buffer timeout is tuned down from 3.33 ms so that transacted stages are not capped at ~300
 * commits per second (STACK-NOTES "Throughput traps"). The Camel {@code jms} component is
 * transacted with cached consumers: a stage consumes and hands on in one JMS transaction.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ArtemisConfigurationCustomizer clearwayBrokerCustomizer(
            @Value("${clearway.broker.journal-buffer-timeout-ns:500000}") int bufferTimeoutNs,
            @Value("${clearway.broker.max-size-bytes:104857600}") long maxSizeBytes) {
        return configuration -> {
            configuration.setJournalSyncTransactional(true);
            configuration.setJournalSyncNonTransactional(true);
            configuration.setJournalBufferTimeout_NIO(bufferTimeoutNs);
            configuration.setJournalBufferTimeout_AIO(bufferTimeoutNs);
            configuration.setSecurityEnabled(false);
            configuration.setIDCacheSize(200_000);
            AddressSettings settings = new AddressSettings()
                    .setMaxSizeBytes(maxSizeBytes)
                    .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.PAGE)
                    // Stages dead-letter themselves with a reason (ErrorHandling); the broker's own
                    // dead-letter address only catches what failed even that many times.
                    .setMaxDeliveryAttempts(20)
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                    .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryQueue"))
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true)
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false);
            configuration.addAddressSetting("#", settings);
        };
    }

    /** The JDBC store's transaction manager (declared here because Boot backs off when any other exists). */
    @Bean
    @Primary
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /**
     * Locally transacted JMS sessions managed by the listener container: the listener session is
     * exposed to the producer, so consuming from one stage queue and sending to the next commit
     * together. No JmsTransactionManager, which would open a new connection per transaction.
     */
    @Bean
    JmsComponent jms(ConnectionFactory connectionFactory, GatewayProperties properties) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setConcurrentConsumers(properties.pipeline().concurrentConsumers());
        jms.setDeliveryPersistent(true);
        jms.setTransacted(true);
        return jms;
    }
}
