package org.clearway.routes.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.DecisionKind;
import org.clearway.mappings.canonical.DecisionStatus;
import org.clearway.mappings.canonical.Track;
import org.clearway.routes.dialect.DecisionAnswerer;
import org.clearway.routes.dialect.Dialects;
import org.clearway.routes.dialect.gw10.CusitmDialect;
import org.clearway.routes.pipeline.RespondMessage;
import org.clearway.routes.store.DecisionStore;
import org.clearway.routes.support.InvalidMessageException;
import org.junit.jupiter.api.Test;

/**
 * The response stage hands each decision to every answerer and knows none of them; the postal
 * answerer writes its CUSRSP once per decision (the outbox id stored with the decision), and a body
 * that is not a decision is an invalid message.
 */
class ResponseStageTest {
    private final PostalResponder responder = mock(PostalResponder.class);
    private final DecisionStore decisions = mock(DecisionStore.class);
    private final CusitmDialect postal = new CusitmDialect(null, responder, null, null, null, new ObjectMapper(),
            Clock.systemUTC(), null, null, decisions);
    private final List<String> seen = new ArrayList<>();
    private final DecisionAnswerer other = new DecisionAnswerer() {
        @Override
        public String name() {
            return "OTHER-1";
        }

        @Override
        public void answer(Decision decision) {
            seen.add(decision.decisionId().toString());
        }
    };
    private final ResponseStage stage = new ResponseStage(new Dialects(List.of(), List.of(postal, other)));
    private final Decision decision = new Decision(Decision.SPEC_VERSION, UUID.randomUUID(), DecisionKind.DECISION,
            DecisionStatus.RELEASED, Track.CLEARANCE, true, 1, null, UUID.randomUUID(), 1, null, null,
            new Correlation(null, "1234567890", null, null, null, null, null),
            new Decision.CustomsAuthority("DE", "DEMO-CUSTOMS", null), "26DE004851H7000417",
            Instant.parse("2026-11-25T09:41:07Z"), Instant.parse("2026-11-25T09:41:08Z"), null, List.of(), List.of(),
            List.of(), null, null, null);
    private final String decisionId = decision.decisionId().toString();

    private RespondMessage message() {
        return new RespondMessage(decisionId, CanonicalJson.write(decision));
    }

    private DecisionStore.StoredDecision stored(String outboxId) {
        return new DecisionStore.StoredDecision(decisionId, decision.declarationId().toString(), 1, 1, "DEMO-CUSTOMS",
                "ref", "DECISION", "RELEASED", true, Instant.now(), Instant.now(), "{}", "{}", outboxId);
    }

    @Test
    void everyAnswererGetsTheDecisionAndThePostOneCusrsp() {
        when(decisions.byId(decisionId)).thenReturn(Optional.of(stored(null)));
        when(responder.respond(any())).thenReturn(Optional.of("outbox-1"));
        stage.respond(message());
        verify(decisions).setOutbox(decisionId, "outbox-1");
        assertThat(seen).containsExactly(decisionId);
    }

    @Test
    void aRedeliveredDecisionIsNotAnsweredTwiceToThePost() {
        when(decisions.byId(decisionId)).thenReturn(Optional.of(stored("outbox-1")));
        stage.respond(message());
        verify(responder, never()).respond(any());
        verify(decisions, never()).setOutbox(any(), any());
        assertThat(seen).as("the other answerers decide their own idempotency").containsExactly(decisionId);
    }

    @Test
    void aBodyThatIsNotADecisionIsInvalid() {
        assertThatThrownBy(() -> stage.respond(new RespondMessage("x", "{\"no\":1}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("not a canonical decision");
        assertThat(seen).isEmpty();
    }
}
