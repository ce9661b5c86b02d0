package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.clearway.routes.ops.BrokerQueues;
import org.clearway.routes.support.Queues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every declaration is a message group of its own (JMSXGroupID): the embedded broker must not
 * remember every group it ever dispatched (clearway.broker.group-buckets, BrokerConfig).
 */
class MessageGroupBucketsIT extends GatewayIT {
    @Autowired
    ConnectionFactory connections;
    @Autowired
    BrokerQueues broker;

    @Test
    void theStageQueuesHashGroupsIntoBuckets() {
        for (String name : Queues.CONSUMED) {
            Queue queue = broker.server().locateQueue(SimpleString.of(name));
            assertThat(queue).as(name).isNotNull();
            assertThat(queue.getGroupBuckets()).as(name).isEqualTo(1024);
        }
    }

    @Test
    void aQueueRemembersAtMostOneOwnerPerBucketHoweverManyGroupsPassed() throws Exception {
        String name = "test.groups." + UUID.randomUUID().toString().substring(0, 8);
        int groups = 3000;
        try (Connection c = connections.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue(name));
            for (int i = 0; i < groups; i++) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(("m-" + i).getBytes(StandardCharsets.UTF_8));
                m.setStringProperty("JMSXGroupID", UUID.randomUUID().toString());
                p.send(m);
            }
            s.commit();
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            int received = 0;
            for (Message m = consumer.receive(5000); m != null; m = consumer.receive(2000)) {
                received++;
                if (received % 500 == 0) {
                    s.commit();
                }
            }
            s.commit();
            assertThat(received).isEqualTo(groups);
            Queue queue = broker.server().locateQueue(SimpleString.of(name));
            assertThat(queue.getGroupCount()).as("groups remembered after %s distinct ones", groups)
                    .isLessThanOrEqualTo(1024);
            consumer.close();
        }
    }
}
