package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.time.Instant;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.routes.TestInterchanges.Item;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the AS2 station ITs check after a message: its item declared at customs, or nothing queued. */
abstract class As2StationTestBase extends GatewayIT {
    /** The AS2-POST partner's API key (its HTTP identity, for the item lookups). */
    static final String POST_KEY = "as2-post-key-1234";

    @Autowired
    JdbcClient jdbc;

    /** Waits for the item's declaration, takes it from the customs queue and returns it as text. */
    String assertDeclared(String apiKey, Item item) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String declarationId = Http.declarationIdOf(port, apiKey, item.s10());
        while (declarationId == null && Instant.now().isBefore(deadline)) {
            Http.pause(100);
            declarationId = Http.declarationIdOf(port, apiKey, item.s10());
        }
        assertThat(declarationId).as("declaration of " + item.s10()).isNotNull();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("customs.declarations"),
                    "clearway_declaration_id = '" + declarationId + "'");
            Message message = consumer.receive(20_000);
            assertThat(message).as("declaration " + declarationId + " on customs.declarations").isNotNull();
            return CanonicalJson.readDeclaration(message.getBody(byte[].class)).toString();
        }
    }

    /** No interchange of AS2-POST reached the ingress pass since {@code interchangesBefore}, and no declaration. */
    void assertNothingQueued(long interchangesBefore, Item item) {
        assertThat(interchanges("AS2-POST")).as("no interchange reached the ingress pass").isEqualTo(interchangesBefore);
        Http.pause(500);
        assertThat(Http.declarationIdOf(port, POST_KEY, item.s10())).as("no declaration").isNull();
    }

    long interchanges(String partnerId) {
        return jdbc.sql("select count(*) from interchange where partner_id = ?").param(partnerId)
                .query(Long.class).single();
    }
}
