package org.clearway.routes.rules;

import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.mappings.rules.RuleEvaluation;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.support.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Evaluates a declaration revision under the pack in force now (the gateway's clock stands for
 * the acceptance or presentation date it cannot know yet) and logs which pack and version it used.
 */
@Component
public class RuleApplier {
    private static final Logger log = LoggerFactory.getLogger(RuleApplier.class);

    private final RulePackRegistry registry;
    private final DeclarationRouting routing;
    private final Clock clock;
    private final Set<String> genericWords;

    public RuleApplier(RulePackRegistry registry, DeclarationRouting routing, Clock clock, GatewayProperties properties) {
        this.registry = registry;
        this.routing = routing;
        this.clock = clock;
        this.genericWords = properties.genericDescriptions().isEmpty() ? PostalMappingContext.DEFAULT_GENERIC_WORDS
                : Set.copyOf(properties.genericDescriptions());
    }

    /** The declaration evaluated now; unchanged when packs are off. */
    public Declaration apply(Declaration d) {
        return apply(d, clock.instant());
    }

    /** The declaration evaluated at {@code at}; unchanged when packs are off ({@code clearway.rules.apply}). */
    public Declaration apply(Declaration d, Instant at) {
        return apply(d, at, true);
    }

    /**
     * The same without the log line: the re-evaluation's trial of a signed revision under the pack
     * in force (it logs what it decides instead).
     */
    public Declaration trial(Declaration d, Instant at) {
        return apply(d, at, false);
    }

    private Declaration apply(Declaration d, Instant at, boolean logIt) {
        if (!registry.applyToDeclarations()) {
            return d;
        }
        RuleEvaluation.Outcome o = RuleEvaluation.evaluate(d, registry.packs(), at, genericWords,
                (m, currency) -> convert(m, currency, at));
        if (!logIt) {
            return o.declaration();
        }
        if (o.applied().isPresent()) {
            var a = o.applied().get();
            log.info("declaration {} revision {} evaluated under rule pack {} v{} ({} date {})", d.declarationId(),
                    d.revision(), a.pack().id(), a.pack().version(), a.pack().dateBasis(), a.date());
        } else {
            log.debug("declaration {} revision {}: no rule pack for {} at {}", d.declarationId(), d.revision(),
                    d.destinationCustoms().country(), at);
        }
        return o.declaration();
    }

    private Optional<Money> convert(Money m, String currency, Instant at) {
        return routing.rates().lookup(m.currency(), currency, LocalDate.ofInstant(at, ZoneOffset.UTC))
                .map(r -> Money.rounded(m.amount().multiply(r.rate()), currency));
    }

}
