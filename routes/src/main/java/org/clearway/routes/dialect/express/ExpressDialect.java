package org.clearway.routes.dialect.express;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.clearway.mappings.canonical.Decision;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.express.ExpressMappingContext;
import org.clearway.mappings.express.ExpressShipmentReader;
import org.clearway.mappings.express.ExpressToCanonical;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.routes.dialect.DecisionAnswerer;
import org.clearway.routes.dialect.DraftSink;
import org.clearway.routes.dialect.InboundDialect;
import org.clearway.routes.dialect.ParseOutcome;
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.parse.DeclarationRouting;
import org.clearway.routes.pending.PendingDeclarations;
import org.clearway.routes.pending.PendingReason;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.InboundQueueCodec;
import org.clearway.routes.pipeline.ParseMessage;
import org.clearway.routes.pipeline.PreviousPack;
import org.clearway.routes.response.express.ExpressEvents;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.PendingStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties.CarrierParty;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.InvalidMessageException;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * Mapping of one staged express shipment version (PARTNER-APIS §3.2, validated at ingress) to a
 * canonical draft (CANONICAL-MODEL §8.1) for the enrich stage. The revision number and function
 * were fixed at ingress (they are in the partner's 202 answer), so they travel with the draft.
 * Ingress commits the queue before its database transaction, so a version may arrive a moment
 * before its shipment row is visible: that is retried (transient); a version whose row never
 * shows it (the ingress transaction rolled back after queueing) ends in the dead-letter queue as
 * an orphan, never at customs. Carriers are answered decisions as decision events (PARTNER-APIS §5).
 */
@Component
@org.springframework.core.annotation.Order(10)
public class ExpressDialect implements InboundDialect, DecisionAnswerer {
    private final ExpressStore shipments;
    private final Partners partners;
    private final DeclarationRouting routing;
    private final TraceLog trace;
    private final Clock clock;
    private final ExpressShipmentReader reader = new ExpressShipmentReader();
    private final PendingDeclarations pending;

    private final ExpressEvents events;

    public ExpressDialect(ExpressStore shipments, Partners partners, DeclarationRouting routing,
                          TraceLog trace, Clock clock, PendingDeclarations pending, ExpressEvents events) {
        this.events = events;
        this.pending = pending;
        this.shipments = shipments;
        this.partners = partners;
        this.routing = routing;
        this.trace = trace;
        this.clock = clock;
    }

    /**
     * The shipment row of this staged version. Ingress commits the JMS message just before the
     * database transaction that records the version (so a failed send rolls the row back), and this
     * consumer can be faster than that commit: wait for it briefly here rather than through a
     * redelivery delay; a row that never appears is an orphan (redelivered, then dead-lettered).
     */
    private java.util.Optional<ExpressStore.Shipment> recordedVersion(String declarationId, int revision) {
        for (int attempt = 0; ; attempt++) {
            var found = shipments.byDeclarationId(declarationId).filter(s -> s.revisions() >= revision);
            if (found.isPresent() || attempt >= RECORD_WAIT_ATTEMPTS) {
                return found;
            }
            try {
                Thread.sleep(RECORD_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    private static final int RECORD_WAIT_ATTEMPTS = 25;
    private static final long RECORD_WAIT_MILLIS = 20;

    @Override
    public String name() {
        return ExpressStaging.DIALECT;
    }

    @Override
    public ParseOutcome parse(ParseMessage in, DraftSink enrich) {
        ParseMessage.StagedVersion version = version(in);
        DraftMessage draft;
        try {
            draft = draft(in);
        } catch (MissingExchangeRateException e) {
            // this shipment version waits for the rate (CANONICAL-MODEL §4), held with its staged input
            Map<String, Object> held = new HashMap<>(InboundQueueCodec.properties(in));
            pending.hold(new PendingDeclarations.Held(version.declarationId(), in.ingressId(), in.partnerId(),
                    ExpressStaging.DIALECT, version.shipmentRef() == null ? "-" : version.shipmentRef(),
                    PendingReason.EXCHANGE_RATE, e.getMessage(), held, in.payload()));
            return ParseOutcome.drafts(0);
        }
        pending.superseded(version.declarationId(), in.ingressId(), in.partnerId());
        enrich.send(draft);
        return ParseOutcome.drafts(1);
    }

    /** A held version: its staged message (kept as the gw.parse properties and body) mapped again. */
    @Override
    public DraftMessage remap(PendingStore.Pending held, Map<String, Object> headers) {
        return draft(InboundQueueCodec.readParse(held.body(), headers));
    }

    /** The decision event for the carrier of the shipment (idempotent per partner and decision). */
    @Override
    public void answer(Decision decision) {
        events.publish(decision);
    }

    private static ParseMessage.StagedVersion version(ParseMessage in) {
        if (in.version() == null) {
            throw new InvalidMessageException("express message of ingress " + in.ingressId()
                    + " carries no staged declaration version");
        }
        return in.version();
    }

    /**
     * Maps one staged version (the parse input, or a held one being released) with the rates in
     * force now, and traces it parsed.
     *
     * @throws MissingExchangeRateException when a rate the shipment needs is missing
     */
    public DraftMessage draft(ParseMessage in) {
        ParseMessage.StagedVersion version = version(in);
        String partnerId = in.partnerId();
        String ingressId = in.ingressId();
        String declarationId = version.declarationId();
        int revision = version.revision();
        FunctionCode function;
        try {
            function = FunctionCode.valueOf(version.function());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("express version function " + version.function() + " is unknown", e);
        }
        var shipment = recordedVersion(declarationId, revision)
                .orElseThrow(() -> new IllegalStateException("express shipment version not (yet) recorded: declaration "
                        + declarationId + " revision " + revision + "; redelivered, then dead-lettered as an orphan"));
        var read = reader.readShipment(new String(in.payload(), StandardCharsets.UTF_8));
        if (!read.valid()) {
            throw new InvalidMessageException("staged express shipment is invalid: " + read.errors());
        }
        Partner partner = partners.require(partnerId);
        String destination = read.shipment().route().destinationCountry();
        DeclarationRouting.Destination target = routing.destination(destination);
        Instant now = clock.instant();
        ExpressMappingContext ctx = new ExpressMappingContext(UUID.fromString(declarationId), revision, function,
                Ids.uuidV7(), now, partnerId, partners.carrierCode(partnerId), carrierParty(partner),
                version.idempotencyKey(), in.receivedAt(), in.payloadSha256(), target.backendId(),
                target.customs().currency(),
                // VAGUE_DESCRIPTION uses the §5.8 default list, as for postal data (generic-descriptions is MIG V22's)
                routing.rates(), routing.thresholds(), null,
                version.sourceDialect() == null ? ExpressStaging.DIALECT : version.sourceDialect());
        Declaration draft = ExpressToCanonical.map(read.shipment(), ctx);
        if (version.contentSha256() == null) {
            throw new InvalidMessageException("express version of declaration " + declarationId
                    + " carries no content digest");
        }
        trace.record(ingressId, declarationId, "parse", "parsed", "express " + shipment.shipmentRef() + " revision "
                + revision + " " + function);
        // carried on to enrich (the withdrawn order) and sign (the pack a re-evaluation amends)
        return new DraftMessage(draft, ingressId, partnerId, version.contentSha256(), function, null, "[]", revision,
                version.lateEnrichment(), version.holdExpired(), withdrawn(version), previousPack(version));
    }

    private static DraftMessage.Withdrawn withdrawn(ParseMessage.StagedVersion v) {
        if (v.withdrawnPlatform() == null && v.withdrawnOrder() == null) {
            return null;
        }
        if (v.withdrawnPlatform() == null || v.withdrawnOrder() == null) {
            throw new InvalidMessageException("express version of declaration " + v.declarationId()
                    + " names a withdrawn order without its platform (or a platform without the order)");
        }
        return new DraftMessage.Withdrawn(v.withdrawnPlatform(), v.withdrawnOrder());
    }

    private static PreviousPack previousPack(ParseMessage.StagedVersion v) {
        if (v.rulePackPreviousId() == null || v.rulePackPreviousId().isBlank()) {
            return null;
        }
        String version = v.rulePackPreviousVersion();
        try {
            return new PreviousPack(v.rulePackPreviousId(), version == null ? 0 : Integer.parseInt(version.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidMessageException("express version of declaration " + v.declarationId()
                    + ": previous rule pack version is not a number: " + version, e);
        }
    }

    /** The configured CARRIER party (CANONICAL-MODEL §5.3 "submitting carrier (from partner config)"). */
    private static Party carrierParty(Partner partner) {
        CarrierParty p = partner.express() == null ? null : partner.express().party();
        if (p == null) {
            return null;
        }
        List<Party.Identifier> ids = new ArrayList<>();
        if (p.eori() != null && !p.eori().isBlank()) {
            ids.add(new Party.Identifier(IdentifierScheme.EORI, p.eori(), null));
        }
        if (p.vat() != null && !p.vat().isBlank()) {
            ids.add(new Party.Identifier(IdentifierScheme.VAT, p.vat(), null));
        }
        return new Party("P0", PartyRole.CARRIER, TypeOfPerson.LEGAL, p.name(),
                new Party.Address(p.street(), null, null, p.postcode(), p.city(), null, p.country()), null, ids);
    }
}
