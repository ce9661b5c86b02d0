package org.clearway.routes.support;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
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
 * commits per second (STACK-NOTES "Throughput traps"). The stages consume and hand on in their own
 * transacted sessions ({@code pipeline/BatchStageRunner}); no Camel route uses JMS.
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
            @Value("${clearway.broker.max-size-bytes:8388608}") long maxSizeBytes,
            @Value("${clearway.broker.global-max-size-bytes:33554432}") long globalMaxSizeBytes,
            @Value("${clearway.broker.group-buckets:1024}") int groupBuckets) {
        return configuration -> {
            // Bounded broker memory: beyond these sizes messages are paged to disk, so a backlog
            // (a 100 MB interchange staged at once) never fills the heap.
            configuration.setGlobalMaxSize(globalMaxSizeBytes);
            configuration.setJournalSyncTransactional(true);
            configuration.setJournalSyncNonTransactional(true);
            configuration.setJournalBufferTimeout_NIO(bufferTimeoutNs);
            configuration.setJournalBufferTimeout_AIO(bufferTimeoutNs);
            configuration.setSecurityEnabled(false);
            AddressSettings settings = new AddressSettings()
                    .setMaxSizeBytes(maxSizeBytes)
                    // page files are read back in small slices (a backlog of 100,000 drafts must not
                    // come back into the heap at once)
                    .setPageSizeBytes(1024 * 1024)
                    .setMaxReadPageBytes(4 * 1024 * 1024)
                    .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.PAGE)
                    // Stages dead-letter themselves with a reason (BatchStageRunner); the broker's own
                    // dead-letter address only catches what failed even that many times.
                    .setMaxDeliveryAttempts(20)
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                    .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryQueue"))
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true)
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false)
                    // Message groups (JMSXGroupID, one per declaration) hashed into a fixed number of
                    // buckets: without buckets a queue remembers every group it ever dispatched until
                    // the broker stops (200,000 declarations held ~90 MB of a 256 MB heap). A bucket
                    // still goes to one consumer at a time, so each declaration keeps its order.
                    .setDefaultGroupBuckets(groupBuckets);
            configuration.addAddressSetting("#", settings);
            // The stage queues declared here too: a queue auto-created by an earlier version keeps
            // the settings of its creation in the journal; a declared one is updated at start.
            for (String queue : Queues.CONSUMED) {
                configuration.addAddressConfiguration(new CoreAddressConfiguration()
                        .setName(queue)
                        .addRoutingType(RoutingType.ANYCAST)
                        .addQueueConfiguration(QueueConfiguration.of(queue)
                                .setAddress(queue)
                                .setRoutingType(RoutingType.ANYCAST)
                                .setDurable(true)
                                .setGroupBuckets(groupBuckets)));
            }
        };
    }

    /**
     * Caches JMS destinations per session: without it every send and every producer creation
     * costs blocking queue/address queries to the broker (seen as ~40% of stage time).
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor artemisClientTuning() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory cf) {
                    cf.setCacheDestinations(true);
                    // small prefetch: fair spread over concurrent stage consumers, little buffered memory
                    cf.setConsumerWindowSize(64 * 1024);
                }
                return bean;
            }
        };
    }

    /** The JDBC store's transaction manager (declared here because Boot backs off when any other exists). */
    @Bean
    @Primary
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

}
