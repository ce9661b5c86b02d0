package org.clearway.routes.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.clearway.routes.pipeline.DeadLetterQueues;
import org.clearway.routes.support.Queues;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Depth of every queue of the embedded broker (messages waiting, in delivery, consumers), read
 * from the broker's management resources; empty when the gateway uses an external broker.
 */
@Component
public class QueueDepths {
    public record Depth(String queue, long messages, long delivering, int consumers, boolean deadLetter) {
    }

    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> broker) {
        this.broker = broker;
    }

    public List<Depth> all() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        if (server == null || server.getManagementService() == null) {
            return List.of();
        }
        List<Depth> depths = new ArrayList<>();
        for (Object resource : server.getManagementService().getResources(QueueControl.class)) {
            QueueControl q = (QueueControl) resource;
            String name = q.getName();
            if (name.startsWith("$") || name.startsWith("activemq.")) {
                continue;
            }
            depths.add(new Depth(name, q.getMessageCount(), q.getDeliveringCount(), q.getConsumerCount(),
                    name.endsWith(".DLQ") || name.equals("DLQ")));
        }
        // a dead-letter queue exists once something failed there; list every stage's, empty ones too
        for (String queue : DeadLetterQueues.QUEUES) {
            String dlq = Queues.dlq(queue);
            if (depths.stream().noneMatch(d -> d.queue().equals(dlq))) {
                depths.add(new Depth(dlq, 0, 0, 0, true));
            }
        }
        depths.sort(Comparator.comparing(Depth::deadLetter).thenComparing(Depth::queue));
        return depths;
    }
}
