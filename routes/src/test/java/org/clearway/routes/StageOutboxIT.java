package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transactional outbox of staged express versions (docs/TRANSACTIONS.md): a row left behind by a
 * crash between the database commit and its relay is relayed by the sweeper; a row relayed twice
 * (crash between the JMS commit and the row's deletion) is stored once by the broker, which drops
 * the second copy by its duplicate id; no shipment submitted over the API leaves a row behind.
 */
@CitrusSupport
class StageOutboxIT extends GatewayIT {
    private static final String QUEUE = "test.stage-outbox";

    @Autowired
    ExpressStaging staging;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRowLeftByACrashIsRelayedOnceEvenWhenRelayedTwice() throws Exception {
        long id = 9_000_000_000L + System.nanoTime() % 1_000_000;
        insert(id, "first");
        // the process "died" after committing the row: the sweeper finds it
        staging.relayPending();
        assertThat(jdbc.sql("select count(*) from stage_outbox where id = ?").param(id).query(Long.class).single())
                .as("deleted once relayed").isZero();
        // the process "died" after the JMS commit but before deleting the row: relayed again, in one
        // sweep with a row never relayed (Artemis rolls back a transaction holding a duplicate)
        insert(id, "first");
        insert(id + 1, "second");
        staging.relayPending();

        List<String> received = drain();
        assertThat(received).as("messages on the queue").containsExactlyInAnyOrder("first", "second");
        assertThat(jdbc.sql("select count(*) from stage_outbox where id in (?, ?)").params(id, id + 1)
                .query(Long.class).single()).as("both rows deleted once relayed").isZero();
    }

    @Test
    void shipmentsSubmittedOverTheApiLeaveNoRowBehind() throws Exception {
        var r = ExpressFixtures.post(port, "/v1/express/shipments", "outbox-" + System.nanoTime(),
                ExpressFixtures.shipment("express-shipment-eu-ioss.json"));
        assertThat(r.statusCode()).isEqualTo(202);
        String declarationId = ExpressFixtures.json(r).get("declarationId").asText();
        // the 202 follows the database commit; the relay thread sends and deletes the row right after
        long rows = -1;
        for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(50)) {
            rows = jdbc.sql("select count(*) from stage_outbox where headers_json like ?")
                    .param("%" + declarationId + "%").query(Long.class).single();
            if (rows == 0) {
                break;
            }
        }
        assertThat(rows).as("outbox rows of the accepted version, 10 s after its 202").isZero();
    }

    private void insert(long id, String body) {
        jdbc.sql("insert into stage_outbox (id, queue_name, headers_json, body, created_at) values (?, ?, ?, ?, ?)")
                .params(id, QUEUE, "{\"clearway_test\":\"outbox\"}", body.getBytes(),
                        Timestamp.from(Instant.now().minusSeconds(60)))
                .update();
    }

    private List<String> drain() throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue(QUEUE));
            for (Message m = consumer.receive(2_000); m != null; m = consumer.receive(1_000)) {
                BytesMessage b = (BytesMessage) m;
                byte[] bytes = new byte[(int) b.getBodyLength()];
                b.readBytes(bytes);
                assertThat(m.getStringProperty("clearway_test")).isEqualTo("outbox");
                bodies.add(new String(bytes));
            }
        }
        return bodies;
    }
}
