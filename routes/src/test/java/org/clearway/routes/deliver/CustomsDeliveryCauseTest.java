package org.clearway.routes.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** A failed push names its cause even when the exception has no message ("failed: null" before). */
class CustomsDeliveryCauseTest {

    @Test
    void connectionRefusedWithoutMessageIsNamedByItsType() {
        // what java.net.http.HttpClient throws for a backend that is down: no message of its own
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        assertThat(CustomsDelivery.cause(refused)).isEqualTo("ConnectException <- ClosedChannelException");
    }

    @Test
    void messagesAndCausesAreKept() {
        IOException e = new IOException("stream closed", new HttpTimeoutException("request timed out"));
        assertThat(CustomsDelivery.cause(e)).isEqualTo("IOException: stream closed <- HttpTimeoutException: request timed out");
    }
}
