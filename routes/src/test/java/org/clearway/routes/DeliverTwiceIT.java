package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A revision that reaches the deliver stage a second time (a redelivered sign or deliver input keeps
 * its emission's gatewayMessageId, CUSTOMS-AND-POSTAL-INTERFACES §3.2 duplicate id) is consumed
 * without a second copy at customs and without a stage rollback: Artemis refuses a whole transaction
 * holding a duplicate, so the send to the customs queue must not be part of the stage's transaction
 * (seen under load: the stage rolled back until the broker dead-lettered the revision).
 */
class DeliverTwiceIT extends GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aRevisionDeliveredTwiceReachesCustomsOnceAndNothingIsDeadLettered() throws Exception {
        TestInterchanges.Item item = TestInterchanges.Item.valid();
        HttpResponse<String> sent = ExpressFixtures.post(port, "/v1/postal/interchanges", "demo-post-key", null,
                "application/EDIFACT", TestInterchanges.single(TestInterchanges.reference("TWC"), item));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String declarationId = JSON.readTree(sent.body()).at("/messages/0/items/0/declarationId").asText();
        String selector = "clearway_declaration_id = '" + declarationId + "'";

        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            // the broker's dead-letter address keeps what it gets only when a queue is bound to it
            session.createConsumer(session.createQueue("DLQ"), "clearway_declaration_id = 'none'").close();
            MessageConsumer customs = session.createConsumer(session.createQueue("customs.declarations"), selector);
            Message first = customs.receive(60_000);
            assertThat(first).as("the revision at customs").isNotNull();
            session.commit();
            String gatewayMessageId = first.getStringProperty("clearway_message_id");
            byte[] body = first.getBody(byte[].class);

            // the same signed revision handed to gw.deliver again, twice, as a redelivery would
            MessageProducer deliver = session.createProducer(session.createQueue("gw.deliver"));
            for (int copy = 0; copy < 2; copy++) {
                BytesMessage again = session.createBytesMessage();
                again.writeBytes(body);
                for (String name : Collections.list((Enumeration<String>) first.getPropertyNames())) {
                    if (!name.startsWith("JMS") && !name.startsWith("_AMQ")) {
                        again.setObjectProperty(name, first.getObjectProperty(name));
                    }
                }
                again.setStringProperty("JMSXGroupID", declarationId);
                deliver.send(again);
            }
            session.commit();
            double failedBefore = failedDeliveries();

            assertThat(customs.receive(5_000)).as("a second copy of " + gatewayMessageId + " at customs").isNull();
            session.commit();
            // the stage consumed both copies: none left on gw.deliver, none dead-lettered anywhere
            long deadline = System.currentTimeMillis() + 20_000;
            List<String> where = List.of("gw.deliver", "gw.deliver.DLQ", "DLQ");
            while (System.currentTimeMillis() < deadline && count(session, "gw.deliver", selector) > 0) {
                Thread.sleep(200);
            }
            for (String queue : where) {
                assertThat(count(session, queue, selector)).as("copies of the revision left in " + queue).isZero();
            }
            assertThat(failedDeliveries() - failedBefore).as("failed deliver-stage exchanges").isZero();
        }
    }

    /** Failed attempts of the deliver stage (its batches or messages rolled back). */
    private double failedDeliveries() {
        return meters.find("clearway.stage.failures").tag("stage", "deliver").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static int count(Session session, String queue, String selector) throws Exception {
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector)) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
