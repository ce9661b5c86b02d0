package org.clearway.routes.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.UncategorizedJmsException;
import org.springframework.mock.web.MockHttpServletRequest;

/** The broker away is "try again" (503 + Retry-After), everything else unexpected stays a 500. */
class BrokerUnavailableAnswerTest {
    private final ProblemAdvice advice = new ProblemAdvice();

    @Test
    void postalStagingCutByTheBrokerIsA503WithRetryAfter() {
        // what PostalIngressService throws when the connection factory cannot reach the broker
        Exception e = new IllegalStateException("staging interchange x failed: broker unavailable",
                new jakarta.jms.JMSException("AMQ219007: Cannot connect to server(s)"));
        ResponseEntity<ProblemDetail> r = advice.unexpected(e, new MockHttpServletRequest("POST", "/v1/postal/interchanges"));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(r.getBody().getType().toString()).isEqualTo("urn:clearway:problem:unavailable");
    }

    @Test
    void aDecisionHandOnCutByTheBrokerIsA503OnThePartnerApiToo() {
        Exception e = new UncategorizedJmsException("send failed", new ActiveMQNotConnectedException("gone"));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/express/shipments");
        ResponseEntity<ProblemDetail> r = advice.unexpected(e, request);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(r.getBody().getType().toString()).endsWith("unavailable");
        assertThat(ProblemAdvice.brokerUnavailable(e)).isTrue();
    }

    @Test
    void otherFailuresStayInternalErrors() {
        Exception e = new IllegalStateException("a defect", new NullPointerException());
        ResponseEntity<ProblemDetail> r = advice.unexpected(e, new MockHttpServletRequest("POST", "/v1/postal/interchanges"));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(r.getHeaders().containsKey("Retry-After")).isFalse();
        assertThat(ProblemAdvice.brokerUnavailable(e)).isFalse();
    }
}
