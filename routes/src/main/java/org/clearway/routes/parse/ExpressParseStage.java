package org.clearway.routes.parse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.clearway.mappings.canonical.CanonicalJson;
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
import org.clearway.routes.ingress.express.ExpressStaging;
import org.clearway.routes.pending.PendingDeclarations;
import org.clearway.routes.pending.PendingReason;
import org.clearway.routes.store.ExpressStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties.CarrierParty;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.Headers;
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
 * an orphan, never at customs.
 */
@Component
public class ExpressParseStage {
    private final ExpressStore shipments;
    private final Partners partners;
    private final DeclarationRouting routing;
    private final TraceLog trace;
    private final Clock clock;
    private final ExpressShipmentReader reader = new ExpressShipmentReader();
    private final PendingDeclarations pending;

    public ExpressParseStage(ExpressStore shipments, Partners partners, DeclarationRouting routing,
                             TraceLog trace, Clock clock, PendingDeclarations pending) {
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

    public int parse(Exchange exchange, ParseStage.DraftSink enrich) {
        Draft draft;
        try {
            draft = draft(exchange);
        } catch (MissingExchangeRateException e) {
            // this shipment version waits for the rate (CANONICAL-MODEL §4), held with its staged input
            Message in = exchange.getIn();
            Map<String, Object> held = new HashMap<>();
            in.getHeaders().forEach((k, v) -> {
                if (k.startsWith("clearway_") && v != null) {
                    held.put(k, v);
                }
            });
            pending.hold(new PendingDeclarations.Held(in.getHeader(Headers.DECLARATION_ID, String.class),
                    in.getHeader(Headers.INGRESS_ID, String.class), in.getHeader(Headers.PARTNER_ID, String.class),
                    ExpressStaging.DIALECT, in.getHeader(ExpressStaging.SHIPMENT_REF, "-", String.class),
                    PendingReason.EXCHANGE_RATE, e.getMessage(), held, in.getBody(byte[].class)));
            return 0;
        }
        Message in = exchange.getIn();
        pending.superseded(in.getHeader(Headers.DECLARATION_ID, String.class),
                in.getHeader(Headers.INGRESS_ID, String.class), in.getHeader(Headers.PARTNER_ID, String.class));
        enrich.send(draft.body(), draft.headers());
        return 1;
    }

    /** A canonical draft and the enrich stage's headers for it. */
    public record Draft(byte[] body, Map<String, Object> headers) {
    }

    /**
     * Maps one staged version (the parse input, or a held one being released) with the rates in
     * force now, and traces it parsed.
     *
     * @throws MissingExchangeRateException when a rate the shipment needs is missing
     */
    public Draft draft(Exchange exchange) {
        Message in = exchange.getIn();
        String partnerId = in.getHeader(Headers.PARTNER_ID, String.class);
        String ingressId = in.getHeader(Headers.INGRESS_ID, String.class);
        String declarationId = in.getHeader(Headers.DECLARATION_ID, String.class);
        int revision = in.getHeader(ExpressStaging.STAGED_REVISION, Integer.class);
        FunctionCode function = FunctionCode.valueOf(in.getHeader(ExpressStaging.FUNCTION, String.class));
        var shipment = recordedVersion(declarationId, revision)
                .orElseThrow(() -> new IllegalStateException("express shipment version not (yet) recorded: declaration "
                        + declarationId + " revision " + revision + "; redelivered, then dead-lettered as an orphan"));
        var read = reader.readShipment(new String(in.getBody(byte[].class), StandardCharsets.UTF_8));
        if (!read.valid()) {
            throw new InvalidMessageException("staged express shipment is invalid: " + read.errors());
        }
        Partner partner = partners.require(partnerId);
        String destination = read.shipment().route().destinationCountry();
        DeclarationRouting.Destination target = routing.destination(destination);
        Instant now = clock.instant();
        ExpressMappingContext ctx = new ExpressMappingContext(UUID.fromString(declarationId), revision, function,
                Ids.uuidV7(), now, partnerId, partners.carrierCode(partnerId), carrierParty(partner),
                in.getHeader(ExpressStaging.IDEMPOTENCY_KEY, String.class),
                Instant.parse(in.getHeader(Headers.RECEIVED_AT, String.class)),
                in.getHeader(Headers.PAYLOAD_SHA256, String.class), target.backendId(), target.customs().currency(),
                // VAGUE_DESCRIPTION uses the §5.8 default list, as for postal data (generic-descriptions is MIG V22's)
                routing.rates(), routing.thresholds(), null,
                in.getHeader(ExpressStaging.SOURCE_DIALECT, ExpressStaging.DIALECT, String.class));
        Declaration draft = ExpressToCanonical.map(read.shipment(), ctx);
        Map<String, Object> headers = new HashMap<>();
        headers.put(Headers.INGRESS_ID, ingressId);
        headers.put(Headers.PARTNER_ID, partnerId);
        headers.put(Headers.DECLARATION_ID, declarationId);
        headers.put("JMSXGroupID", declarationId);
        headers.put(ParseStage.CONTENT_SHA256, in.getHeader(ExpressStaging.CONTENT_SHA256, String.class));
        headers.put(ParseStage.REQUESTED_FUNCTION, function.name());
        headers.put(ExpressStaging.STAGED_REVISION, revision);
        headers.put(ParseStage.WARNINGS, "[]");
        for (String flag : new String[] {ExpressStaging.LATE_ENRICHMENT, ExpressStaging.HOLD_EXPIRED}) {
            if (Boolean.TRUE.equals(in.getHeader(flag, Boolean.class))) {
                headers.put(flag, true);
            }
        }
        // carried on to enrich (the withdrawn order) and sign (the pack a re-evaluation amends)
        for (String carried : new String[] {ExpressStaging.WITHDRAWN_PLATFORM, ExpressStaging.WITHDRAWN_ORDER,
                Headers.RULE_PACK_PREVIOUS_ID, Headers.RULE_PACK_PREVIOUS_VERSION}) {
            String value = in.getHeader(carried, String.class);
            if (value != null) {
                headers.put(carried, value);
            }
        }
        trace.record(ingressId, declarationId, "parse", "parsed", "express " + shipment.shipmentRef() + " revision "
                + revision + " " + function);
        return new Draft(CanonicalJson.write(draft), headers);
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
