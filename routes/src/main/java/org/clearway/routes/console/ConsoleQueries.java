package org.clearway.routes.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-only SQL of the console: consignment search, one consignment with everything every party
 * contributed, decisions by status, backlogs and partners' last contact. Nothing here writes.
 */
@Repository
public class ConsoleQueries {
    static final int MAX_HITS = 200;

    /** Search criteria; blank fields are ignored, the given ones must all match. */
    public record Criteria(String s10, String houseWaybill, String trackingNumber, String orderId,
                           String declarationId, String gatewayMessageId, String ingressId, String partner,
                           String status, Instant from, Instant to) {
        boolean identifies() {
            return given(s10) || given(houseWaybill) || given(trackingNumber) || given(orderId)
                    || given(declarationId) || given(gatewayMessageId) || given(ingressId);
        }

        boolean empty() {
            return !identifies() && !given(partner) && !given(status) && from == null && to == null;
        }
    }

    /** One consignment in a result list. */
    public record Hit(String declarationId, String kind, String reference, String partnerId, Integer revision,
                      String functionCode, String state, String decisionStatus, Instant createdAt, Instant updatedAt,
                      List<String> orders) {
    }

    /** A platform order found by order id or tracking number, with the consignments it was fused into. */
    public record OrderHit(String partnerId, String orderId, int version, String status, Instant updatedAt,
                           List<String> declarationIds) {
    }

    public record Revision(int revision, String functionCode, String state, String partnerId, String ingressId,
                           String gatewayMessageId, String backendId, Instant createdAt, Instant signedAt,
                           Instant deliveredAt, String warnings) {
    }

    public record Emission(String gatewayMessageId, int revision, String backendId, String mediaType,
                           Instant createdAt, boolean bodyKept, String signatureKey) {
    }

    public record Decision(String decisionId, String declarationId, int revision, int sequence, String backendId, String kind,
                           String status, boolean isFinal, Instant decidedAt, Instant receivedAt) {
    }

    public record LinkedOrder(String partnerId, String orderId, int version, String status, Instant linkedAt,
                              String orderJson) {
    }

    /** One line of a consignment's timeline: when, which party over which channel, what happened. */
    public record TimelineEvent(Instant at, String party, String channel, String stage, String event, String detail) {
    }

    /** A consignment: its keys, revisions, emissions, decisions, fused orders and the merged timeline. */
    public record Consignment(String declarationId, String kind, String reference, String partnerId, String lrn,
                              String shipmentRef, String shipmentJson, List<Revision> revisions,
                              List<Emission> emissions, List<Decision> decisions, List<LinkedOrder> orders,
                              List<TimelineEvent> timeline) {
    }

    public record Count(String key, long count) {
    }

    public record StatusCount(String status, long count, long finals) {
    }

    /** A trace event of the chart window with the partner it is attributed to (null: gateway-internal). */
    public record StageEvent(Instant at, String stage, String event, String declarationId, String partnerId) {
    }

    private final JdbcClient jdbc;
    private final Partners partners;

    public ConsoleQueries(JdbcClient jdbc, Partners partners) {
        this.jdbc = jdbc;
        this.partners = partners;
    }

    // ---- search

    public List<Hit> search(Criteria c) {
        Set<String> ids = null;
        if (given(c.s10())) {
            ids = and(ids, ids("select declaration_id from postal_item where s10_item_id = ?", c.s10().trim().toUpperCase(Locale.ROOT)));
        }
        if (given(c.houseWaybill())) {
            ids = and(ids, ids("select declaration_id from express_shipment where house_waybill_norm = ?", norm(c.houseWaybill())));
        }
        if (given(c.trackingNumber())) {
            String t = norm(c.trackingNumber());
            Set<String> found = new LinkedHashSet<>(ids("select declaration_id from express_shipment where house_waybill_norm = ?", t));
            found.addAll(ids("select declaration_id from postal_item where s10_item_id = ?", t));
            found.addAll(ids("""
                    select o.declaration_id from platform_parcel p
                    join declaration_order o on o.partner_id = p.partner_id and o.order_id = p.order_id
                    where p.tracking_norm = ?""", t));
            ids = and(ids, found);
        }
        if (given(c.orderId())) {
            ids = and(ids, ids("select declaration_id from declaration_order where order_id = ?", c.orderId().trim()));
        }
        if (given(c.declarationId())) {
            ids = and(ids, Set.of(c.declarationId().trim()));
        }
        if (given(c.gatewayMessageId())) {
            ids = and(ids, ids("select declaration_id from emission where gateway_message_id = ?", c.gatewayMessageId().trim()));
        }
        if (given(c.ingressId())) {
            ids = and(ids, ids("select declaration_id from declaration_revision where ingress_id = ?", c.ingressId().trim()));
        }
        if (ids != null && ids.isEmpty()) {
            return List.of();
        }
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (ids != null) {
            where.append(" and declaration_id in (:ids)");
            params.put("ids", List.copyOf(ids));
        }
        if (given(c.partner())) {
            where.append(" and (partner_id = :partner or declaration_id in (select declaration_id from declaration_order where partner_id = :partner))");
            params.put("partner", c.partner().trim());
        }
        if (c.from() != null) {
            where.append(" and created_at >= :from");
            params.put("from", Timestamp.from(c.from()));
        }
        if (c.to() != null) {
            where.append(" and created_at < :to");
            params.put("to", Timestamp.from(c.to()));
        }
        String sql = """
                select * from (
                  select k.declaration_id, k.kind, k.ref, k.partner_id, k.created_at,
                         r.revision, r.function_code, r.state, r.created_at as updated_at,
                         (select d.status from decision d where d.declaration_id = k.declaration_id
                           order by d.sequence desc limit 1) as decision_status
                  from (select declaration_id, 'POSTAL' as kind, s10_item_id as ref, partner_id, created_at from postal_item %1$s
                        union all
                        select declaration_id, 'EXPRESS' as kind, house_waybill as ref, partner_id, created_at from express_shipment %1$s) k
                  left join declaration_revision r on r.declaration_id = k.declaration_id
                   and r.revision = (select max(x.revision) from declaration_revision x where x.declaration_id = k.declaration_id)
                ) s %2$s
                order by created_at desc limit %3$d""".formatted(where,
                given(c.status()) ? "where state = :status or decision_status = :status" : "", MAX_HITS);
        if (given(c.status())) {
            params.put("status", c.status().trim().toUpperCase(Locale.ROOT));
        }
        List<Hit> hits = jdbc.sql(sql).params(params).query((rs, n) -> new Hit(rs.getString("declaration_id"),
                rs.getString("kind"), rs.getString("ref"), rs.getString("partner_id"),
                (Integer) rs.getObject("revision"), rs.getString("function_code"), rs.getString("state"),
                rs.getString("decision_status"), instant(rs, "created_at"), instant(rs, "updated_at"), List.of())).list();
        if (hits.isEmpty()) {
            return hits;
        }
        Map<String, List<String>> orders = new LinkedHashMap<>();
        jdbc.sql("select declaration_id, partner_id, order_id from declaration_order where declaration_id in (:ids)")
                .param("ids", hits.stream().map(Hit::declarationId).toList())
                .query(rs -> {
                    orders.computeIfAbsent(rs.getString("declaration_id"), k -> new ArrayList<>())
                            .add(rs.getString("partner_id") + "/" + rs.getString("order_id"));
                });
        return hits.stream().map(h -> new Hit(h.declarationId(), h.kind(), h.reference(), h.partnerId(), h.revision(),
                h.functionCode(), h.state(), h.decisionStatus(), h.createdAt(), h.updatedAt(),
                orders.getOrDefault(h.declarationId(), List.of()))).toList();
    }

    /** Platform orders named by the criteria's order id or tracking number (also those not fused yet). */
    public List<OrderHit> orders(Criteria c) {
        List<OrderHit> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> keys = new ArrayList<>();
        if (given(c.orderId())) {
            jdbc.sql("select partner_id, order_id from platform_order where order_id = ?").param(c.orderId().trim())
                    .query(rs -> { keys.add(new String[] {rs.getString(1), rs.getString(2)}); });
        }
        if (given(c.trackingNumber())) {
            jdbc.sql("select distinct partner_id, order_id from platform_parcel where tracking_norm = ?")
                    .param(norm(c.trackingNumber()))
                    .query(rs -> { keys.add(new String[] {rs.getString(1), rs.getString(2)}); });
        }
        for (String[] key : keys) {
            if (!seen.add(key[0] + "/" + key[1])) {
                continue;
            }
            jdbc.sql("select order_version, status, updated_at from platform_order where partner_id = ? and order_id = ?")
                    .params(key[0], key[1])
                    .query(rs -> {
                        result.add(new OrderHit(key[0], key[1], rs.getInt(1), rs.getString(2), instant(rs, "updated_at"),
                                jdbc.sql("select declaration_id from declaration_order where partner_id = ? and order_id = ?")
                                        .params(key[0], key[1]).query(String.class).list()));
                    });
        }
        return result;
    }

    // ---- one consignment

    public Optional<Consignment> consignment(String declarationId) {
        Map<String, Object> key = jdbc.sql("""
                select 'POSTAL' as kind, s10_item_id as ref, partner_id, lrn, null as shipment_ref, null as shipment_json
                  from postal_item where declaration_id = :id
                union all
                select 'EXPRESS', house_waybill, partner_id, lrn, shipment_ref, shipment_json
                  from express_shipment where declaration_id = :id""").param("id", declarationId)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String c : List.of("kind", "ref", "partner_id", "lrn", "shipment_ref", "shipment_json")) {
                        m.put(c, rs.getString(c));
                    }
                    return m;
                }).optional().orElse(null);
        List<Revision> revisions = jdbc.sql("select * from declaration_revision where declaration_id = ? order by revision")
                .param(declarationId).query((rs, n) -> new Revision(rs.getInt("revision"), rs.getString("function_code"),
                        rs.getString("state"), rs.getString("partner_id"), rs.getString("ingress_id"),
                        rs.getString("gateway_message_id"), rs.getString("backend_id"), instant(rs, "created_at"),
                        instant(rs, "signed_at"), instant(rs, "delivered_at"), rs.getString("warnings"))).list();
        if (key == null && revisions.isEmpty()) {
            return Optional.empty();
        }
        List<Emission> emissions = jdbc.sql("""
                select gateway_message_id, revision, backend_id, media_type, created_at, signature_key,
                       case when body is null or signature is null then 0 else 1 end as kept
                from emission where declaration_id = ? order by seq""").param(declarationId)
                .query((rs, n) -> new Emission(rs.getString("gateway_message_id"), rs.getInt("revision"),
                        rs.getString("backend_id"), rs.getString("media_type"), instant(rs, "created_at"),
                        rs.getInt("kept") == 1, rs.getString("signature_key"))).list();
        List<Decision> decisions = jdbc.sql("select * from decision where declaration_id = ? order by sequence")
                .param(declarationId).query((rs, n) -> new Decision(rs.getString("decision_id"),
                        rs.getString("declaration_id"), rs.getInt("declaration_revision"), rs.getInt("sequence"), rs.getString("backend_id"),
                        rs.getString("kind"), rs.getString("status"), rs.getBoolean("is_final"),
                        instant(rs, "decided_at"), instant(rs, "received_at"))).list();
        List<LinkedOrder> orders = jdbc.sql("""
                select o.partner_id, o.order_id, o.linked_at, p.order_version, p.status, p.order_json
                from declaration_order o left join platform_order p on p.partner_id = o.partner_id and p.order_id = o.order_id
                where o.declaration_id = ? order by o.linked_at""").param(declarationId)
                .query((rs, n) -> new LinkedOrder(rs.getString("partner_id"), rs.getString("order_id"),
                        rs.getInt("order_version"), rs.getString("status"), instant(rs, "linked_at"),
                        rs.getString("order_json"))).list();
        String partnerId = key != null ? (String) key.get("partner_id") : revisions.get(0).partnerId();
        return Optional.of(new Consignment(declarationId, key == null ? "?" : (String) key.get("kind"),
                key == null ? null : (String) key.get("ref"), partnerId, key == null ? null : (String) key.get("lrn"),
                key == null ? null : (String) key.get("shipment_ref"), key == null ? null : (String) key.get("shipment_json"),
                revisions, emissions, decisions, orders, timeline(declarationId, partnerId, revisions, decisions, orders)));
    }

    /**
     * Every event of every party that contributed: the trace of the declaration and of the ingress
     * passes that carried it, the platform orders fused into it, customs decisions, and what went
     * back to partners (decision events, postal responses).
     */
    private List<TimelineEvent> timeline(String declarationId, String ownerId, List<Revision> revisions,
                                         List<Decision> decisions, List<LinkedOrder> orders) {
        Map<String, String> partnerOfIngress = new LinkedHashMap<>();
        revisions.forEach(r -> partnerOfIngress.putIfAbsent(r.ingressId(), r.partnerId()));
        List<String> ingressIds = List.copyOf(partnerOfIngress.keySet());
        if (!ingressIds.isEmpty()) {
            jdbc.sql("select ingress_id, partner_id from interchange where ingress_id in (:ids)").param("ids", ingressIds)
                    .query(rs -> { partnerOfIngress.put(rs.getString(1), rs.getString(2)); });
        }
        List<TimelineEvent> events = new ArrayList<>();
        String sql = "select * from trace_event where declaration_id = :id"
                + (ingressIds.isEmpty() ? "" : " or (ingress_id in (:ids) and declaration_id is null)") + " order by event_id";
        var spec = jdbc.sql(sql).param("id", declarationId);
        if (!ingressIds.isEmpty()) {
            spec = spec.param("ids", ingressIds);
        }
        spec.query(rs -> {
            String stage = rs.getString("stage");
            String ingress = rs.getString("ingress_id");
            String party = "decision".equals(stage) ? null : ingress != null ? partnerOfIngress.get(ingress) : null;
            if (party == null && ("ingress".equals(stage) || "parse".equals(stage))) {
                party = ownerId;
            }
            if ("decision".equals(stage) && !decisions.isEmpty()) {
                party = decisions.get(0).backendId();
            }
            events.add(new TimelineEvent(instant(rs, "at"), party == null ? "gateway" : party, channel(party), stage,
                    rs.getString("event"), rs.getString("detail")));
        });
        for (LinkedOrder o : orders) {
            jdbc.sql("select created_at, updated_at, cancelled_at, order_version from platform_order where partner_id = ? and order_id = ?")
                    .params(o.partnerId(), o.orderId()).query(rs -> {
                        events.add(new TimelineEvent(instant(rs, "created_at"), o.partnerId(), channel(o.partnerId()),
                                "order", "received", "order " + o.orderId()));
                        Instant updated = instant(rs, "updated_at");
                        if (rs.getInt("order_version") > 1 && updated != null) {
                            events.add(new TimelineEvent(updated, o.partnerId(), channel(o.partnerId()), "order", "updated",
                                    "order " + o.orderId() + " version " + rs.getInt("order_version")));
                        }
                        Instant cancelled = instant(rs, "cancelled_at");
                        if (cancelled != null) {
                            events.add(new TimelineEvent(cancelled, o.partnerId(), channel(o.partnerId()), "order",
                                    "cancelled", "order " + o.orderId()));
                        }
                    });
            events.add(new TimelineEvent(o.linkedAt(), o.partnerId(), channel(o.partnerId()), "enrich", "order-fused",
                    "order " + o.orderId() + " fused into this consignment"));
        }
        for (Decision d : decisions) {
            events.add(new TimelineEvent(d.receivedAt(), d.backendId(), "CUSTOMS", "decision", d.status(),
                    d.kind() + " #" + d.sequence() + (d.isFinal() ? " (final)" : "") + " for revision " + d.revision()));
        }
        jdbc.sql("select partner_id, event_type, status, created_at, push_state, delivered_at from partner_event where declaration_id = ? order by seq")
                .param(declarationId).query(rs -> {
                    String p = rs.getString("partner_id");
                    events.add(new TimelineEvent(instant(rs, "created_at"), p, channel(p), "respond", rs.getString("event_type"),
                            rs.getString("status") + ", push " + rs.getString("push_state")));
                    Instant delivered = instant(rs, "delivered_at");
                    if (delivered != null) {
                        events.add(new TimelineEvent(delivered, p, channel(p), "respond", "webhook-delivered", rs.getString("status")));
                    }
                });
        jdbc.sql("""
                select o.partner_id, o.kind, o.created_at, o.acked_at, d.status from decision d
                join outbox o on o.outbox_id = d.outbox_id where d.declaration_id = ?""").param(declarationId)
                .query(rs -> {
                    String p = rs.getString("partner_id");
                    Instant acked = instant(rs, "acked_at");
                    if (acked != null) {
                        events.add(new TimelineEvent(acked, p, channel(p), "respond", "outbox-acknowledged",
                                rs.getString("kind") + " " + rs.getString("status")));
                    }
                });
        events.sort(Comparator.comparing(TimelineEvent::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return events;
    }

    private String channel(String partnerId) {
        if (partnerId == null) {
            return "GATEWAY";
        }
        return partners.get(partnerId).map(p -> p.role().name()).orElse("GATEWAY");
    }

    // ---- raw payloads and emissions

    /** The ingress pass's partner and receipt time, if it was an archived interchange. */
    public Optional<Instant> interchangeReceivedAt(String ingressId) {
        return jdbc.sql("select received_at from interchange where ingress_id = ?").param(ingressId)
                .query((rs, n) -> instant(rs, "received_at")).optional();
    }

    public record StoredEmission(String declarationId, int revision, String backendId, String mediaType, byte[] body,
                                 byte[] signature, String signatureKey) {
    }

    public Optional<StoredEmission> emission(String gatewayMessageId) {
        return jdbc.sql("select * from emission where gateway_message_id = ?").param(gatewayMessageId)
                .query((rs, n) -> new StoredEmission(rs.getString("declaration_id"), rs.getInt("revision"),
                        rs.getString("backend_id"), rs.getString("media_type"), rs.getBytes("body"),
                        rs.getBytes("signature"), rs.getString("signature_key"))).optional();
    }

    // ---- decisions

    public List<StatusCount> decisionsByStatus(Instant since) {
        return jdbc.sql("""
                select status, count(*) as n, sum(case when is_final then 1 else 0 end) as finals
                from decision where received_at >= ? group by status order by n desc, status""")
                .param(Timestamp.from(since))
                .query((rs, n) -> new StatusCount(rs.getString("status"), rs.getLong("n"), rs.getLong("finals"))).list();
    }

    public List<Decision> decisions(String status, Instant since, int limit) {
        return jdbc.sql("select * from decision where status = ? and received_at >= ? order by received_at desc limit " + limit)
                .params(status, Timestamp.from(since))
                .query((rs, n) -> new Decision(rs.getString("decision_id"), rs.getString("declaration_id"), rs.getInt("declaration_revision"),
                        rs.getInt("sequence"), rs.getString("backend_id"), rs.getString("kind"), rs.getString("status"),
                        rs.getBoolean("is_final"), instant(rs, "decided_at"), instant(rs, "received_at"))).list();
    }

    /** Latest revision of every declaration by state (RECEIVED stages not yet signed show as ENRICHED). */
    public List<Count> declarationsByState() {
        return jdbc.sql("""
                select r.state, count(*) as n from declaration_revision r
                where r.revision = (select max(x.revision) from declaration_revision x where x.declaration_id = r.declaration_id)
                group by r.state order by n desc""")
                .query((rs, n) -> new Count(rs.getString("state"), rs.getLong("n"))).list();
    }

    // ---- backlogs

    /** Work waiting in the database (not in broker queues): what each backlog is and how many. */
    public List<Count> backlogs() {
        List<Count> result = new ArrayList<>();
        result.add(new Count("express shipments held for order data",
                count("select count(*) from express_shipment where held_until is not null")));
        result.add(new Count("declarations enriched, not yet signed", count("""
                select count(*) from declaration_revision r where r.state = 'ENRICHED'
                and r.revision = (select max(x.revision) from declaration_revision x where x.declaration_id = r.declaration_id)""")));
        result.add(new Count("declarations signed, not yet delivered", count("""
                select count(*) from declaration_revision r where r.state = 'SIGNED'
                and r.revision = (select max(x.revision) from declaration_revision x where x.declaration_id = r.declaration_id)""")));
        result.add(new Count("partner responses not yet collected (outbox)", count("select count(*) from outbox where acked_at is null")));
        result.add(new Count("decision events waiting for webhook push", count("select count(*) from partner_event where push_state = 'PENDING'")));
        result.add(new Count("decision events whose push failed", count("select count(*) from partner_event where push_state = 'FAILED'")));
        result.add(new Count("AS2 deliveries pending or awaiting MDN", count("select count(*) from as2_delivery where state in ('PENDING', 'AWAITING_MDN')")));
        result.add(new Count("AS2 deliveries failed", count("select count(*) from as2_delivery where state = 'FAILED'")));
        result.add(new Count("platform bulk uploads processing", count("select count(*) from platform_upload where status = 'PROCESSING'")));
        return result;
    }

    // ---- partners

    /** The latest time each partner was heard from (or collected from the gateway), by partner id. */
    public Map<String, Instant> lastContact() {
        Map<String, Instant> last = new LinkedHashMap<>();
        for (String sql : List.of(
                "select partner_id, max(received_at) from interchange group by partner_id",
                "select partner_id, max(received_at) from as2_message group by partner_id",
                "select partner_id, max(updated_at) from express_shipment group by partner_id",
                "select partner_id, max(updated_at) from platform_order group by partner_id",
                "select partner_id, max(created_at) from platform_upload group by partner_id",
                "select partner_id, max(acked_at) from outbox group by partner_id",
                "select partner_id, max(delivered_at) from partner_event group by partner_id",
                "select partner_id, max(mdn_at) from as2_delivery group by partner_id")) {
            jdbc.sql(sql).query(rs -> {
                Timestamp t = rs.getTimestamp(2);
                if (t != null) {
                    last.merge(rs.getString(1), t.toInstant(), (a, b) -> a.isAfter(b) ? a : b);
                }
            });
        }
        partners.withRole(Role.CUSTOMS).forEach((id, p) -> {
            if (p.customs() != null) {
                jdbc.sql("select max(received_at) from decision where backend_id = ?").param(p.customs().backendId())
                        .query((rs, n) -> rs.getTimestamp(1)).optional()
                        .ifPresent(t -> last.merge(id, t.toInstant(), (a, b) -> a.isAfter(b) ? a : b));
            }
        });
        return last;
    }

    public record As2Delivery(String outboxId, String partnerId, String state, int attempts, String mdnMode,
                              Instant updatedAt, String lastError, String mdnDetail) {
    }

    public List<As2Delivery> as2Deliveries(int limit) {
        return jdbc.sql("""
                select * from as2_delivery order by case when state = 'FAILED' then 0 when state = 'DELIVERED' then 2 else 1 end,
                updated_at desc""" + " limit " + limit)
                .query((rs, n) -> new As2Delivery(rs.getString("outbox_id"), rs.getString("partner_id"),
                        rs.getString("state"), rs.getInt("attempts"), rs.getString("mdn_mode"),
                        instant(rs, "updated_at"), rs.getString("last_error"), rs.getString("mdn_detail"))).list();
    }

    public Map<String, Map<String, Long>> as2DeliveryStates() {
        Map<String, Map<String, Long>> states = new LinkedHashMap<>();
        jdbc.sql("select partner_id, state, count(*) from as2_delivery group by partner_id, state order by partner_id, state")
                .query(rs -> {
                    states.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        return states;
    }

    // ---- throughput

    /** Trace events since {@code since}, each attributed to the partner of its ingress pass or declaration. */
    public List<StageEvent> stageEvents(Instant since, int limit) {
        return jdbc.sql("""
                select t.at, t.stage, t.event, t.declaration_id, coalesce(i.partner_id, r.partner_id) as partner_id
                from trace_event t
                left join interchange i on i.ingress_id = t.ingress_id
                left join declaration_revision r on r.declaration_id = t.declaration_id and r.revision = 1
                where t.at >= ? order by t.event_id""" + " limit " + limit)
                .param(Timestamp.from(since))
                .query((rs, n) -> new StageEvent(instant(rs, "at"), rs.getString("stage"), rs.getString("event"),
                        rs.getString("declaration_id"), rs.getString("partner_id"))).list();
    }

    // ---- helpers

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private Set<String> ids(String sql, String value) {
        return new LinkedHashSet<>(jdbc.sql(sql).param(value).query(String.class).list());
    }

    private static Set<String> and(Set<String> current, Set<String> found) {
        if (current == null) {
            return new LinkedHashSet<>(found);
        }
        current.retainAll(found);
        return current;
    }

    /** Tracking numbers and house waybills as correlation compares them (PARTNER-APIS §7.1). */
    static String norm(String value) {
        return value.trim().toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
    }

    static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
