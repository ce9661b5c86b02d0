package org.clearway.routes.response.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.clearway.routes.store.PartnerEventStore;
import org.clearway.routes.support.ApiProblem;
import org.junit.jupiter.api.Test;

/**
 * Cursor pull (PARTNER-APIS §5.3): following {@code nextCursor} returns each of the partner's
 * retained events exactly once and in order, never another partner's, and bad parameters are 400s.
 */
class DecisionFeedTest {
    private final EventsDb db = new EventsDb();
    private final DecisionFeed feed = new DecisionFeed(db.events,
            EventsDb.properties(WebhookDispatcherTest.webhooks()), db.clock, db.tx());

    private List<String> follow(String partnerId, String cursor, int limit, String status, List<String> cursors) {
        List<String> ids = new ArrayList<>();
        for (int pages = 0; pages < 100; pages++) {
            JsonNode page = feed.page(partnerId, cursor, limit, status);
            assertThat(page.get("events").size()).isLessThanOrEqualTo(limit);
            page.get("events").forEach(e -> ids.add(e.get("eventId").asText()));
            cursors.add(page.get("nextCursor").asText());
            cursor = page.get("nextCursor").asText();
            if (!page.get("hasMore").asBoolean()) {
                return ids;
            }
        }
        throw new AssertionError("hasMore never became false");
    }

    @Test
    void followingTheCursorReturnsEveryEventOnceInOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            long seq = db.event("DEMO-EXPRESS", "decl-" + (i % 3), i, "RELEASED", PartnerEventStore.NONE);
            expected.add(db.events.bySeq(seq).orElseThrow().eventId());
            db.event("OTHER-EXPRESS", "decl-x", i, "RELEASED", PartnerEventStore.NONE);
        }

        List<String> cursors = new ArrayList<>();
        List<String> ids = follow("DEMO-EXPRESS", null, 3, null, cursors);

        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(cursors).hasSize(3).allMatch(c -> c.startsWith("c_")).doesNotHaveDuplicates();

        // at the end the cursor stays put, and a later event is the next one returned
        JsonNode empty = feed.page("DEMO-EXPRESS", cursors.get(2), 3, null);
        assertThat(empty.get("events")).isEmpty();
        assertThat(empty.get("nextCursor").asText()).isEqualTo(cursors.get(2));
        assertThat(empty.get("hasMore").asBoolean()).isFalse();
        long later = db.event("DEMO-EXPRESS", "decl-9", 1, "DUTIES_PAYABLE", PartnerEventStore.NONE);
        JsonNode next = feed.page("DEMO-EXPRESS", cursors.get(2), 3, null);
        assertThat(next.get("events")).singleElement().satisfies(e -> assertThat(e.get("eventId").asText())
                .isEqualTo(db.events.bySeq(later).orElseThrow().eventId()));
    }

    @Test
    void eventsAreReturnedAsStoredWithExactNumbers() {
        db.event("DEMO-EXPRESS", "decl-1", 1, "RELEASED", PartnerEventStore.NONE);
        JsonNode event = feed.page("DEMO-EXPRESS", null, 10, null).get("events").get(0);
        assertThat(event.at("/decision/rate").decimalValue().toPlainString()).isEqualTo("19.00");
    }

    @Test
    void theStatusFilterPagesOnlyMatchingEvents() {
        List<String> payable = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String status = i % 2 == 0 ? "DUTIES_PAYABLE" : "RELEASED";
            long seq = db.event("DEMO-EXPRESS", "decl-" + i, 1, status, PartnerEventStore.NONE);
            if (status.equals("DUTIES_PAYABLE")) {
                payable.add(db.events.bySeq(seq).orElseThrow().eventId());
            }
        }
        assertThat(follow("DEMO-EXPRESS", null, 1, "DUTIES_PAYABLE", new ArrayList<>())).containsExactlyElementsOf(payable);
    }

    @Test
    void eventsPastTheRetentionAreNotReturned() {
        db.event("DEMO-EXPRESS", "decl-old", 1, "RELEASED", PartnerEventStore.NONE);
        db.clock.advance(Duration.ofDays(29));
        long recent = db.event("DEMO-EXPRESS", "decl-new", 1, "RELEASED", PartnerEventStore.NONE);
        db.clock.advance(Duration.ofDays(2));

        JsonNode page = feed.page("DEMO-EXPRESS", null, 10, null);

        assertThat(page.get("events")).singleElement().satisfies(e -> assertThat(e.get("eventId").asText())
                .isEqualTo(db.events.bySeq(recent).orElseThrow().eventId()));
        assertThat(db.events.purgeBefore(db.clock.instant().minus(Duration.ofDays(30)))).isEqualTo(1);
    }

    @Test
    void oneDecisionOnlyForItsOwnPartner() {
        long seq = db.event("DEMO-EXPRESS", "decl-1", 1, "RELEASED", PartnerEventStore.NONE);
        String decisionId = db.events.bySeq(seq).orElseThrow().decisionId();
        assertThat(feed.byDecision("DEMO-EXPRESS", decisionId)).isPresent();
        assertThat(feed.byDecision("OTHER-EXPRESS", decisionId)).isEmpty();
    }

    @Test
    void badCursorsLimitsAndStatusesAreValidationErrors() {
        assertProblem(() -> feed.page("DEMO-EXPRESS", "garbage", 10, null), "/after");
        assertProblem(() -> feed.page("DEMO-EXPRESS", "c_", 10, null), "/after");
        assertProblem(() -> feed.page("DEMO-EXPRESS", "c_ZZ", 10, null), "/after");
        assertProblem(() -> feed.page("DEMO-EXPRESS", "c_zzzzzzzzzzzzz", 10, null), "/after");
        assertProblem(() -> feed.page("DEMO-EXPRESS", null, 0, null), "/limit");
        assertProblem(() -> feed.page("DEMO-EXPRESS", null, 501, null), "/limit");
        assertProblem(() -> feed.page("DEMO-EXPRESS", null, 10, "PAID"), "/status");
        assertThat(feed.page("DEMO-EXPRESS", null, 500, "RELEASED").get("events")).isEmpty();
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String pointer) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(400);
            assertThat(p.slug()).isEqualTo("validation-error");
            assertThat(p.errors()).extracting(e -> e.get("pointer")).containsExactly(pointer);
        });
    }
}
