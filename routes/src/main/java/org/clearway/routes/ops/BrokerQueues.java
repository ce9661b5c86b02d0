package org.clearway.routes.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.clearway.routes.support.Queues;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Message counts of the embedded broker's queues, read from the server itself (no JMX, no
 * browsing): the stage queues, the customs queues and every dead-letter queue.
 */
@Component
public class BrokerQueues {
    /** The stage and external queues in flow order (Queues). */
    public static final List<String> PIPELINE = List.of(Queues.PARSE, Queues.ENRICH, Queues.SIGN, Queues.DELIVER,
            Queues.CUSTOMS_DECLARATIONS, Queues.CUSTOMS_DECISIONS, Queues.RESPOND);

    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    public BrokerQueues(ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.embedded = embedded;
    }

    /** The running broker, or null (external broker, or not started yet / stopped). */
    public ActiveMQServer server() {
        EmbeddedActiveMQ e = embedded.getIfAvailable();
        ActiveMQServer server = e == null ? null : e.getActiveMQServer();
        return server != null && server.isActive() ? server : null;
    }

    /** Messages in the queue (including scheduled and paged ones), 0 when it does not exist yet; -1 without a broker. */
    public long messageCount(String queue) {
        ActiveMQServer server = server();
        if (server == null) {
            return -1;
        }
        Queue q = server.locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** Every dead-letter queue the broker holds (the stages' {@code *.DLQ} and the broker's own {@code DLQ}) with its count. */
    public Map<String, Long> deadLetterQueues() {
        Map<String, Long> counts = new TreeMap<>();
        for (String q : PIPELINE) {
            counts.put(Queues.dlq(q), 0L);
        }
        ActiveMQServer server = server();
        if (server == null) {
            return counts;
        }
        for (String name : queueNames(server)) {
            if (name.endsWith(Queues.DLQ_SUFFIX) || name.equals("DLQ")) {
                Queue q = server.locateQueue(SimpleString.of(name));
                counts.put(name, q == null ? 0 : q.getMessageCount());
            }
        }
        return counts;
    }

    /** The pipeline queues and their counts, in flow order. */
    public Map<String, Long> pipeline() {
        Map<String, Long> counts = new LinkedHashMap<>();
        PIPELINE.forEach(q -> counts.put(q, messageCount(q)));
        return counts;
    }

    private static List<String> queueNames(ActiveMQServer server) {
        List<String> names = new ArrayList<>();
        for (SimpleString address : server.getPostOffice().getAddresses()) {
            try {
                server.bindingQuery(address).getQueueNames().forEach(n -> names.add(n.toString()));
            } catch (Exception e) {
                // an address removed meanwhile: nothing to count
            }
        }
        return names;
    }
}
