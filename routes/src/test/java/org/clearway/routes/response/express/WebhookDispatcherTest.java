package org.clearway.routes.response.express;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.clearway.mappings.express.WebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clearway.routes.store.IdempotencyStore;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.store.PartnerEventStore.Event;
import org.clearway.routes.store.WebhookEndpointStore.Endpoint;
import org.clearway.routes.support.GatewayProperties;
import org.junit.jupiter.api.Test;

/**
 * Webhook push per PARTNER-APIS §5.2 against a real (in-memory) database and a fixed clock: signed
 * headers, one event at a time per declaration in sequence order, the retry schedule, FAILED after
 * the last retry, auto-disable after N FAILED events and re-enabling by PUT.
 */
class WebhookDispatcherTest {
    private static final String PARTNER = "DEMO-EXPRESS";
    private static final String URL = "https://carrier.example/hooks";

    private final EventsDb db = new EventsDb();
    private final List<Call> calls = new ArrayList<>();
    private Function<Call, CompletableFuture<Integer>> answer = c -> CompletableFuture.completedFuture(204);
    private long jitterAnswer = 0;
    private final String secret = WebhookSignature.generateSecret();

    record Call(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        String eventId() {
            return headers.get("webhook-id");
        }
    }

    private WebhookDispatcher dispatcher(List<Duration> schedule, int disableAfter) {
        WebhookTransport transport = (url, headers, body, timeout) -> {
            Call call = new Call(url, Map.copyOf(headers), body, timeout);
            calls.add(call);
            return answer.apply(call);
        };
        return new WebhookDispatcher(db.events, db.endpoints, transport, EventsDb.webhooks(schedule, disableAfter),
                db.clock, bound -> jitterAnswer);
    }

    private WebhookDispatcher dispatcher() {
        return dispatcher(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5)), 20);
    }

    private void endpoint(String previousSecret, Instant previousValidUntil) {
        db.endpoints.insert(new Endpoint(PARTNER, URL, List.of("customs.decision", "customs.acknowledgement"), true,
                secret, previousSecret, previousValidUntil, 0, null, db.clock.instant()));
    }

    private Event event(long seq) {
        return db.events.bySeq(seq).orElseThrow();
    }

    private List<String> sentIds() {
        return calls.stream().map(Call::eventId).toList();
    }

    @Test
    void deliversTheStoredBytesWithStandardWebhookHeaders() {
        endpoint(null, null);
        long seq = db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);

        assertThat(dispatcher().dispatchDue()).isEqualTo(1);

        Call call = calls.get(0);
        Event e = event(seq);
        assertThat(call.url()).isEqualTo(URI.create(URL));
        assertThat(new String(call.body(), StandardCharsets.UTF_8)).isEqualTo(e.body()).contains("19.00");
        assertThat(call.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("webhook-id", e.eventId())
                .containsEntry("webhook-timestamp", Long.toString(db.clock.instant().getEpochSecond()));
        assertThat(call.headers().get("webhook-signature")).doesNotContain(" ");
        assertThat(WebhookSignature.verify(secret, e.eventId(), call.headers().get("webhook-timestamp"), call.body(),
                call.headers().get("webhook-signature"), db.clock.instant())).isTrue();
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(e.pushState()).isEqualTo("DELIVERED");
        assertThat(e.pushAttempts()).isEqualTo(1);
        assertThat(e.deliveredAt()).isEqualTo(db.clock.instant());

        assertThat(dispatcher().dispatchDue()).as("a delivered event is not sent again").isZero();
    }

    @Test
    void signsWithBothSecretsDuringTheRotationOverlapOnly() {
        String previous = WebhookSignature.generateSecret();
        endpoint(previous, db.clock.instant().plus(Duration.ofHours(24)));
        db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher().dispatchDue();
        Call call = calls.get(0);
        String header = call.headers().get("webhook-signature");
        assertThat(header.split(" ")).hasSize(2);
        for (String s : List.of(secret, previous)) {
            assertThat(WebhookSignature.verify(s, call.eventId(), call.headers().get("webhook-timestamp"), call.body(),
                    header, db.clock.instant())).isTrue();
        }

        db.clock.advance(Duration.ofHours(24));
        db.event(PARTNER, "decl-2", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher().dispatchDue();
        Call later = calls.get(1);
        assertThat(later.headers().get("webhook-signature").split(" ")).hasSize(1);
        assertThat(WebhookSignature.verify(previous, later.eventId(), later.headers().get("webhook-timestamp"),
                later.body(), later.headers().get("webhook-signature"), db.clock.instant())).isFalse();
    }

    @Test
    void sendsOneEventAtATimePerDeclarationInSequenceOrder() {
        endpoint(null, null);
        long a2 = db.event(PARTNER, "decl-A", 2, "RELEASED", PartnerEventStore.PENDING);
        long a1 = db.event(PARTNER, "decl-A", 1, "ACCEPTED", PartnerEventStore.PENDING);
        long b1 = db.event(PARTNER, "decl-B", 1, "ACCEPTED", PartnerEventStore.PENDING);
        answer = c -> CompletableFuture.completedFuture(c.eventId().equals(event(a1).eventId()) ? 500 : 200);

        dispatcher().dispatchDue();
        assertThat(sentIds()).containsExactlyInAnyOrder(event(a1).eventId(), event(b1).eventId());

        // a1 waits for its retry: a2 stays blocked behind it, even when a2 itself is due
        calls.clear();
        db.clock.advance(Duration.ofSeconds(5));
        dispatcher().dispatchDue();
        assertThat(calls).isEmpty();

        answer = c -> CompletableFuture.completedFuture(200);
        db.clock.advance(Duration.ofSeconds(5));
        dispatcher().dispatchDue();
        assertThat(sentIds()).containsExactly(event(a1).eventId());
        dispatcher().dispatchDue();
        assertThat(sentIds()).containsExactly(event(a1).eventId(), event(a2).eventId());
        assertThat(List.of(event(a1), event(a2), event(b1))).extracting(Event::pushState).containsOnly("DELIVERED");
    }

    @Test
    void aLaterEventWaitsForItsPredecessorToBePublished() {
        endpoint(null, null);
        long second = db.event(PARTNER, "decl-A", 2, "RELEASED", PartnerEventStore.PENDING);
        dispatcher().dispatchDue();
        assertThat(calls).as("sequence 1 of decl-A is not stored yet").isEmpty();

        long first = db.event(PARTNER, "decl-A", 1, "ACCEPTED", PartnerEventStore.PENDING);
        dispatcher().dispatchDue();
        dispatcher().dispatchDue();
        assertThat(sentIds()).containsExactly(event(first).eventId(), event(second).eventId());

        // a gap that never fills holds an event back for a while only
        long lonely = db.event(PARTNER, "decl-B", 3, "RELEASED", PartnerEventStore.PENDING);
        calls.clear();
        db.clock.advance(WebhookDispatcher.GAP_WAIT.minusSeconds(1));
        dispatcher().dispatchDue();
        assertThat(calls).isEmpty();
        db.clock.advance(Duration.ofSeconds(1));
        dispatcher().dispatchDue();
        assertThat(sentIds()).containsExactly(event(lonely).eventId());
    }

    @Test
    void retriesOnTheScheduleThenMarksFailedAndLaterEventsFollow() {
        endpoint(null, null);
        long first = db.event(PARTNER, "decl-1", 1, "ACCEPTED", PartnerEventStore.PENDING);
        long second = db.event(PARTNER, "decl-1", 2, "RELEASED", PartnerEventStore.PENDING);
        String firstId = event(first).eventId();
        answer = c -> c.eventId().equals(firstId) ? CompletableFuture.completedFuture(503)
                : CompletableFuture.completedFuture(200);
        WebhookDispatcher dispatcher = dispatcher(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), 20);
        Instant start = db.clock.instant();

        dispatcher.dispatchDue();
        assertThat(event(first).nextAttemptAt()).isEqualTo(start.plusSeconds(10));
        assertThat(event(first).lastError()).isEqualTo("HTTP 503");
        db.clock.advance(Duration.ofSeconds(9));
        dispatcher.dispatchDue();
        assertThat(calls).hasSize(1);
        db.clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue();
        assertThat(calls).hasSize(2);
        assertThat(event(first).nextAttemptAt()).isEqualTo(db.clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(event(first).pushAttempts()).isEqualTo(2);
        db.clock.advance(Duration.ofMinutes(1));
        dispatcher.dispatchDue();

        Event failed = event(first);
        assertThat(failed.pushState()).isEqualTo("FAILED");
        assertThat(failed.pushAttempts()).as("the first attempt plus one per scheduled retry").isEqualTo(3);
        assertThat(failed.nextAttemptAt()).isNull();
        assertThat(db.endpoints.find(PARTNER).orElseThrow().consecutiveFailures()).isEqualTo(1);

        dispatcher.dispatchDue();
        assertThat(sentIds()).containsExactly(firstId, firstId, firstId, event(second).eventId());
        assertThat(event(second).pushState()).isEqualTo("DELIVERED");
        assertThat(db.endpoints.find(PARTNER).orElseThrow().consecutiveFailures())
                .as("a delivery breaks the run of failed events").isZero();
    }

    @Test
    void connectionErrorsAndTimeoutsAreRetriedWithBoundedJitter() {
        endpoint(null, null);
        long seq = db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        answer = c -> CompletableFuture.failedFuture(new HttpTimeoutException("request timed out"));
        jitterAnswer = Long.MAX_VALUE - 3;
        Instant start = db.clock.instant();

        dispatcher(List.of(Duration.ofMinutes(5)), 20).dispatchDue();

        Event e = event(seq);
        assertThat(e.pushState()).isEqualTo("PENDING");
        assertThat(e.lastError()).contains("HttpTimeoutException");
        // jitter stays within 10 % of the delay whatever the random source returns
        assertThat(e.nextAttemptAt()).isBetween(start.plus(Duration.ofMinutes(5)),
                start.plus(Duration.ofMinutes(5)).plusSeconds(30));

        answer = c -> {
            throw new IllegalArgumentException("bad URL");
        };
        db.clock.advance(Duration.ofMinutes(6));
        dispatcher(List.of(Duration.ofMinutes(5)), 20).dispatchDue();
        assertThat(event(seq).pushState()).isEqualTo("FAILED");
        assertThat(event(seq).lastError()).contains("bad URL");
    }

    @Test
    void disablesTheEndpointAfterConsecutiveFailedEventsAndPutReEnablesIt() {
        endpoint(null, null);
        answer = c -> CompletableFuture.completedFuture(500);
        WebhookDispatcher dispatcher = dispatcher(List.of(), 2);
        db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher.dispatchDue();
        assertThat(db.endpoints.find(PARTNER).orElseThrow().enabled()).isTrue();
        db.event(PARTNER, "decl-2", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher.dispatchDue();

        Endpoint disabled = db.endpoints.find(PARTNER).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledAt()).isEqualTo(db.clock.instant());
        assertThat(disabled.consecutiveFailures()).isEqualTo(2);

        long waiting = db.event(PARTNER, "decl-3", 1, "RELEASED", PartnerEventStore.PENDING);
        calls.clear();
        dispatcher.dispatchDue();
        assertThat(calls).as("nothing goes to a disabled endpoint").isEmpty();
        assertThat(event(waiting).pushState()).isEqualTo("PENDING");

        WebhookConfigs configs = new WebhookConfigs(db.endpoints,
                new org.clearway.routes.ingress.Idempotency(new IdempotencyStore(db.jdbc), EventsDb.properties(EventsDb.webhooks(List.of(), 2)), db.clock),
                EventsDb.properties(EventsDb.webhooks(List.of(), 2)), new ObjectMapper(), db.clock, db.tx());
        var view = configs.put(PARTNER, "re-enable-1", ("{\"url\":\"" + URL
                + "\",\"events\":[\"customs.decision\"],\"enabled\":true}").getBytes(StandardCharsets.UTF_8)).body();
        assertThat(view.has("signingSecret")).as("the existing secret is kept, so not shown").isFalse();
        Endpoint enabled = db.endpoints.find(PARTNER).orElseThrow();
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.consecutiveFailures()).isZero();
        assertThat(enabled.disabledAt()).isNull();
        assertThat(enabled.signingSecret()).isEqualTo(secret);

        answer = c -> CompletableFuture.completedFuture(200);
        dispatcher.dispatchDue();
        assertThat(sentIds()).containsExactly(event(waiting).eventId());
        assertThat(event(waiting).pushState()).isEqualTo("DELIVERED");
    }

    @Test
    void aDeliveryBetweenFailuresResetsTheRun() {
        endpoint(null, null);
        WebhookDispatcher dispatcher = dispatcher(List.of(), 2);
        answer = c -> CompletableFuture.completedFuture(500);
        db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher.dispatchDue();
        answer = c -> CompletableFuture.completedFuture(202);
        db.event(PARTNER, "decl-2", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher.dispatchDue();
        answer = c -> CompletableFuture.completedFuture(404);
        db.event(PARTNER, "decl-3", 1, "RELEASED", PartnerEventStore.PENDING);
        dispatcher.dispatchDue();

        Endpoint e = db.endpoints.find(PARTNER).orElseThrow();
        assertThat(e.enabled()).isTrue();
        assertThat(e.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void pullOnlyEventsAreNeverPushed() {
        endpoint(null, null);
        long seq = db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.NONE);
        assertThat(dispatcher().dispatchDue()).isZero();
        assertThat(event(seq).pushState()).isEqualTo("NONE");
    }

    @Test
    void stateSurvivesANewDispatcherInstance() {
        endpoint(null, null);
        long seq = db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        answer = c -> CompletableFuture.completedFuture(500);
        dispatcher().dispatchDue();
        db.clock.advance(Duration.ofSeconds(10));
        answer = c -> CompletableFuture.completedFuture(200);

        // a restart: a fresh dispatcher continues from the database
        dispatcher().dispatchDue();

        assertThat(event(seq).pushState()).isEqualTo("DELIVERED");
        assertThat(event(seq).pushAttempts()).isEqualTo(2);
    }

    @Test
    void anEventClaimedByAnotherInstanceIsNotSentTwice() {
        endpoint(null, null);
        long seq = db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        WebhookDispatcher other = dispatcher();
        List<Integer> otherAttempts = new ArrayList<>();
        // while this instance's request is in flight, the other instance polls the same database
        answer = c -> {
            otherAttempts.add(other.dispatchDue());
            return CompletableFuture.completedFuture(204);
        };

        dispatcher().dispatchDue();

        assertThat(sentIds()).hasSize(1);
        assertThat(otherAttempts).containsExactly(0);
        assertThat(event(seq).pushState()).isEqualTo("DELIVERED");
        assertThat(event(seq).pushAttempts()).isEqualTo(1);
    }

    @Test
    void aClaimLeftByAStoppedInstanceRunsOutAndTheEventIsSentAgain() {
        endpoint(null, null);
        long seq = db.event(PARTNER, "decl-1", 1, "RELEASED", PartnerEventStore.PENDING);
        Instant now = db.clock.instant();
        Instant leaseUntil = now.plus(Duration.ofSeconds(10)).plus(WebhookDispatcher.LEASE_MARGIN);
        // an instance claimed it and stopped before recording the outcome
        assertThat(db.events.claim(seq, "stopped-instance", now, leaseUntil)).isTrue();
        assertThat(db.events.claim(seq, "another", now, leaseUntil)).as("a second claim meanwhile").isFalse();

        assertThat(dispatcher().dispatchDue()).isZero();
        db.clock.advance(Duration.between(now, leaseUntil));
        assertThat(dispatcher().dispatchDue()).isEqualTo(1);

        assertThat(event(seq).pushState()).isEqualTo("DELIVERED");
        // the stopped instance comes back and records its old attempt: nothing changes
        assertThat(db.events.markDelivered(seq, "stopped-instance", 1, now)).isFalse();
        assertThat(db.events.scheduleRetry(seq, "stopped-instance", 1, now, "late")).isFalse();
        assertThat(event(seq).pushAttempts()).isEqualTo(1);
        assertThat(event(seq).deliveredAt()).isEqualTo(db.clock.instant());
    }

    static GatewayProperties.Webhooks webhooks() {
        return EventsDb.webhooks(List.of(Duration.ofSeconds(10)), 20);
    }
}
