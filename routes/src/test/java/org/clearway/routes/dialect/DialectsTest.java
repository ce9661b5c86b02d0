package org.clearway.routes.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.clearway.mappings.canonical.Decision;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.support.InvalidMessageException;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;

/** The registry: found by name, unknown names invalid (not retried), duplicates refused at start, answerers in order. */
class DialectsTest {

    private record Named(String name) implements InboundDialect {
        @Override
        public ParseOutcome parse(ParseMessage message, DraftSink enrich) {
            return ParseOutcome.drafts(0);
        }
    }

    @Order(2)
    private static final class Second implements DecisionAnswerer {
        @Override
        public String name() {
            return "B";
        }

        @Override
        public void answer(Decision decision) {
        }
    }

    @Order(1)
    private static final class First implements DecisionAnswerer {
        @Override
        public String name() {
            return "A";
        }

        @Override
        public void answer(Decision decision) {
        }
    }

    @Test
    void aDialectIsFoundByItsNameAndAnUnknownOneIsAnInvalidMessage() {
        Named a = new Named("A-1");
        Dialects dialects = new Dialects(List.of(a, new Named("B-1")), List.of());
        assertThat(dialects.require("A-1")).isSameAs(a);
        assertThatThrownBy(() -> dialects.require("C-1")).isInstanceOf(InvalidMessageException.class)
                .hasMessage("no inbound dialect C-1 is configured (known: A-1, B-1)");
        assertThat(dialects.find(null)).isEmpty();
    }

    @Test
    void twoDialectsOrAnswerersWithOneNameStopTheStart() {
        assertThatThrownBy(() -> new Dialects(List.of(new Named("A-1"), new Named("A-1")), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two inbound dialects named A-1");
        assertThatThrownBy(() -> new Dialects(List.of(new Named(" ")), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no dialect name");
        assertThatThrownBy(() -> new Dialects(List.of(), List.of(new First(), new First())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two decision answerers named A");
    }

    @Test
    void answerersRunInTheirOrder() {
        Dialects dialects = new Dialects(List.of(), List.of(new Second(), new First()));
        assertThat(dialects.answerers()).extracting(DecisionAnswerer::name).containsExactly("A", "B");
    }
}
