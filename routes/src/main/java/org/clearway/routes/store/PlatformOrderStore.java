package org.clearway.routes.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Platform orders by (partner, orderId) with their current version (PARTNER-APIS §1.2 order
 * versions, §6), their lines' ordered quantities, and their parcels (carrier code + normalised
 * tracking number, §7.1) with the quantity of each line in each parcel (§7.3). The correlation
 * stage finds orders through {@link #ordersForParcel} and {@link #find}.
 */
@Repository
public class PlatformOrderStore {

    /** The current version of one order. */
    public record StoredOrder(String partnerId, String orderId, int orderVersion, String status,
                              String contentSha256, String orderJson, Instant orderedAt, String uploadId,
                              Instant createdAt, Instant updatedAt, Instant cancelledAt) {
        public boolean cancelled() {
            return cancelledAt != null;
        }
    }

    /** One ordered line: its position in {@code lines[]} and quantity. */
    public record Line(String lineId, int seq, BigDecimal quantity) {
    }

    /** One parcel of an order and the quantity of each line in it (empty = not allocated). */
    public record Parcel(String carrierCode, String trackingNumber, String trackingNorm, int seq, String source,
                         Map<String, BigDecimal> allocations) {
    }

    /** An order linked to a parcel (for the correlation stage). */
    public record OrderRef(String partnerId, String orderId) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public PlatformOrderStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public Optional<StoredOrder> find(String partnerId, String orderId) {
        return jdbc.sql("select * from platform_order where partner_id = ? and order_id = ?")
                .params(partnerId, orderId).query(PlatformOrderStore::map).optional();
    }

    /** The order row locked for this transaction (serialises concurrent versions of one order). */
    public Optional<StoredOrder> lock(String partnerId, String orderId) {
        return jdbc.sql("select * from platform_order where partner_id = ? and order_id = ? for update")
                .params(partnerId, orderId).query(PlatformOrderStore::map).optional();
    }

    public void insert(StoredOrder o) {
        jdbc.sql("insert into platform_order (partner_id, order_id, order_version, status, content_sha256, order_json, ordered_at, upload_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(o.partnerId(), o.orderId(), o.orderVersion(), o.status(), o.contentSha256(), o.orderJson(),
                        Timestamp.from(o.orderedAt()), o.uploadId(), Timestamp.from(o.createdAt()),
                        Timestamp.from(o.updatedAt()))
                .update();
    }

    /** Which of these order ids the partner already has (one query for a bulk chunk). */
    public java.util.Set<String> existing(String partnerId, java.util.Collection<String> orderIds) {
        java.util.Set<String> found = new java.util.HashSet<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        List<String> ids = List.copyOf(orderIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(part.size(), "?"));
            // by order_id alone, filtered here: H2 then looks each id up in ix_platform_order_id,
            // where "partner_id = ? and order_id in (...)" made it scan all of the partner's orders
            jdbc.sql("select partner_id, order_id from platform_order where order_id in (" + marks + ")")
                    .params(new ArrayList<Object>(part))
                    .query(rs -> {
                        if (partnerId.equals(rs.getString(1))) {
                            found.add(rs.getString(2));
                        }
                    });
        }
        return found;
    }

    /**
     * A new order with its lines and parcels, for {@link #insertNew}: the bulk path of orders that
     * were not stored before (no previous version, parcels or links to replace).
     */
    public record NewOrder(StoredOrder order, List<Line> lines, List<Parcel> parcels) {
    }

    /**
     * Inserts new orders with batched statements, in the caller's transaction. A concurrent insert
     * of one of them fails the batch with a duplicate key; the caller retries on the per-order path.
     */
    public void insertNew(List<NewOrder> batch, Instant now) {
        if (batch.isEmpty()) {
            return;
        }
        List<Object[]> orders = new ArrayList<>(batch.size());
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> parcels = new ArrayList<>();
        List<Object[]> allocations = new ArrayList<>();
        Timestamp at = Timestamp.from(now);
        for (NewOrder n : batch) {
            StoredOrder o = n.order();
            orders.add(new Object[] {o.partnerId(), o.orderId(), o.orderVersion(), o.status(), o.contentSha256(),
                    o.orderJson(), Timestamp.from(o.orderedAt()), o.uploadId(), Timestamp.from(o.createdAt()),
                    Timestamp.from(o.updatedAt())});
            n.lines().forEach(l -> lines.add(new Object[] {o.partnerId(), o.orderId(), l.lineId(), l.seq(), l.quantity()}));
            for (Parcel p : n.parcels()) {
                parcels.add(new Object[] {o.partnerId(), o.orderId(), p.carrierCode(), p.trackingNorm(),
                        p.trackingNumber(), p.seq(), p.source(), at});
                p.allocations().forEach((lineId, qty) -> allocations.add(new Object[] {o.partnerId(), o.orderId(),
                        p.carrierCode(), p.trackingNorm(), lineId, qty}));
            }
        }
        template.batchUpdate("insert into platform_order (partner_id, order_id, order_version, status, content_sha256, order_json, ordered_at, upload_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", orders);
        if (!lines.isEmpty()) {
            template.batchUpdate("insert into platform_order_line (partner_id, order_id, line_id, seq, quantity) values (?, ?, ?, ?, ?)", lines);
        }
        if (!parcels.isEmpty()) {
            template.batchUpdate("insert into platform_parcel (partner_id, order_id, carrier_code, tracking_norm, tracking_number, seq, link_source, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)", parcels);
        }
        if (!allocations.isEmpty()) {
            template.batchUpdate("insert into platform_allocation (partner_id, order_id, carrier_code, tracking_norm, line_id, quantity) values (?, ?, ?, ?, ?, ?)", allocations);
        }
    }

    public void replaceVersion(String partnerId, String orderId, int version, String contentSha, String json,
                               Instant orderedAt, String uploadId, Instant now) {
        jdbc.sql("update platform_order set order_version = ?, content_sha256 = ?, order_json = ?, ordered_at = ?, upload_id = ?, updated_at = ? where partner_id = ? and order_id = ?")
                .params(version, contentSha, json, Timestamp.from(orderedAt), uploadId, Timestamp.from(now), partnerId,
                        orderId)
                .update();
    }

    public void markCancelled(String partnerId, String orderId, Instant now) {
        jdbc.sql("update platform_order set status = 'CANCELLED', cancelled_at = ?, updated_at = ? where partner_id = ? and order_id = ?")
                .params(Timestamp.from(now), Timestamp.from(now), partnerId, orderId).update();
    }

    public void replaceLines(String partnerId, String orderId, List<Line> lines) {
        jdbc.sql("delete from platform_order_line where partner_id = ? and order_id = ?").params(partnerId, orderId)
                .update();
        template.batchUpdate("insert into platform_order_line (partner_id, order_id, line_id, seq, quantity) values (?, ?, ?, ?, ?)",
                lines.stream().map(l -> new Object[] {partnerId, orderId, l.lineId(), l.seq(), l.quantity()}).toList());
    }

    public Map<String, BigDecimal> lineQuantities(String partnerId, String orderId) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        jdbc.sql("select line_id, quantity from platform_order_line where partner_id = ? and order_id = ? order by seq")
                .params(partnerId, orderId)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getBigDecimal(2));
                });
        return out;
    }

    /**
     * Replaces the parcels that came with the previous version's {@code shipments[]} by this
     * version's; a parcel linked later ({@code LINK}) with the same key is replaced too, others stay.
     */
    public void replaceOrderParcels(String partnerId, String orderId, List<Parcel> parcels, Instant now) {
        jdbc.sql("delete from platform_allocation a where a.partner_id = ? and a.order_id = ? and exists (select 1 from platform_parcel p where p.partner_id = a.partner_id and p.order_id = a.order_id and p.carrier_code = a.carrier_code and p.tracking_norm = a.tracking_norm and p.link_source = 'ORDER')")
                .params(partnerId, orderId).update();
        jdbc.sql("delete from platform_parcel where partner_id = ? and order_id = ? and link_source = 'ORDER'")
                .params(partnerId, orderId).update();
        for (Parcel p : parcels) {
            deleteParcel(partnerId, orderId, p.carrierCode(), p.trackingNorm());
        }
        insertParcels(partnerId, orderId, parcels, now);
    }

    /** Adds (or replaces) one parcel linked after the order ({@code POST .../shipments}, §6.5). */
    public void link(String partnerId, String orderId, Parcel parcel, Instant now) {
        deleteParcel(partnerId, orderId, parcel.carrierCode(), parcel.trackingNorm());
        insertParcels(partnerId, orderId, List.of(parcel), now);
    }

    /** The next free parcel position of an order. */
    public int nextParcelSeq(String partnerId, String orderId) {
        Integer max = jdbc.sql("select max(seq) from platform_parcel where partner_id = ? and order_id = ?")
                .params(partnerId, orderId).query(Integer.class).optional().orElse(null);
        return max == null ? 0 : max + 1;
    }

    private void deleteParcel(String partnerId, String orderId, String carrier, String norm) {
        jdbc.sql("delete from platform_allocation where partner_id = ? and order_id = ? and carrier_code = ? and tracking_norm = ?")
                .params(partnerId, orderId, carrier, norm).update();
        jdbc.sql("delete from platform_parcel where partner_id = ? and order_id = ? and carrier_code = ? and tracking_norm = ?")
                .params(partnerId, orderId, carrier, norm).update();
    }

    private void insertParcels(String partnerId, String orderId, List<Parcel> parcels, Instant now) {
        if (parcels.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(now);
        template.batchUpdate("insert into platform_parcel (partner_id, order_id, carrier_code, tracking_norm, tracking_number, seq, link_source, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                parcels.stream().map(p -> new Object[] {partnerId, orderId, p.carrierCode(), p.trackingNorm(),
                        p.trackingNumber(), p.seq(), p.source(), at}).toList());
        List<Object[]> allocations = new ArrayList<>();
        for (Parcel p : parcels) {
            p.allocations().forEach((lineId, qty) -> allocations.add(new Object[] {partnerId, orderId, p.carrierCode(),
                    p.trackingNorm(), lineId, qty}));
        }
        if (!allocations.isEmpty()) {
            template.batchUpdate("insert into platform_allocation (partner_id, order_id, carrier_code, tracking_norm, line_id, quantity) values (?, ?, ?, ?, ?, ?)",
                    allocations);
        }
    }

    /** The parcels of an order in {@code shipments[]} order, with their allocations. */
    public List<Parcel> parcels(String partnerId, String orderId) {
        Map<String, Map<String, BigDecimal>> alloc = new LinkedHashMap<>();
        jdbc.sql("select carrier_code, tracking_norm, line_id, quantity from platform_allocation where partner_id = ? and order_id = ?")
                .params(partnerId, orderId)
                .query(rs -> {
                    alloc.computeIfAbsent(rs.getString(1) + " " + rs.getString(2), k -> new LinkedHashMap<>())
                            .put(rs.getString(3), rs.getBigDecimal(4));
                });
        return jdbc.sql("select * from platform_parcel where partner_id = ? and order_id = ? order by seq")
                .params(partnerId, orderId)
                .query((rs, n) -> new Parcel(rs.getString("carrier_code"), rs.getString("tracking_number"),
                        rs.getString("tracking_norm"), rs.getInt("seq"), rs.getString("link_source"),
                        alloc.getOrDefault(rs.getString("carrier_code") + " " + rs.getString("tracking_norm"), Map.of())))
                .list();
    }

    /** A platform order a declaration was fused with, and its item sequence -> lineId map (JSON). */
    public record DeclarationOrder(String declarationId, String partnerId, String orderId, String lineIdsJson,
                                   Instant linkedAt) {
        public DeclarationOrder(String declarationId, String partnerId, String orderId, String lineIdsJson) {
            this(declarationId, partnerId, orderId, lineIdsJson, null);
        }
    }

    /** Records (or refreshes) that the declaration carries this order's data, at this content. */
    public void linkDeclaration(String declarationId, String partnerId, String orderId, String lineIdsJson,
                                String orderSha256, Instant now) {
        int updated = jdbc.sql("update declaration_order set line_ids = ?, order_sha256 = ?, linked_at = ? where declaration_id = ? and partner_id = ? and order_id = ?")
                .params(lineIdsJson, orderSha256, Timestamp.from(now), declarationId, partnerId, orderId).update();
        if (updated == 0) {
            jdbc.sql("insert into declaration_order (declaration_id, partner_id, order_id, line_ids, order_sha256, linked_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                    .params(declarationId, partnerId, orderId, lineIdsJson, orderSha256, Timestamp.from(now)).update();
        }
    }

    /** The content hash each linked order had when the declaration was last fused, by {@code partnerId/orderId}. */
    public java.util.Map<String, String> linkedOrderContent(String declarationId) {
        java.util.Map<String, String> linked = new java.util.HashMap<>();
        jdbc.sql("select partner_id, order_id, order_sha256 from declaration_order where declaration_id = ?")
                .param(declarationId)
                .query(rs -> {
                    linked.put(rs.getString("partner_id") + "/" + rs.getString("order_id"), rs.getString("order_sha256"));
                });
        return linked;
    }

    public List<DeclarationOrder> ordersOfDeclaration(String declarationId) {
        return jdbc.sql("select * from declaration_order where declaration_id = ? order by partner_id, order_id")
                .param(declarationId)
                .query((rs, n) -> new DeclarationOrder(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("order_id"), rs.getString("line_ids")))
                .list();
    }

    /** The declarations that carry this order's data (the reverse of {@link #ordersOfDeclaration}). */
    public List<DeclarationOrder> declarationsOfOrder(String partnerId, String orderId) {
        return jdbc.sql("select * from declaration_order where partner_id = ? and order_id = ? order by declaration_id")
                .params(partnerId, orderId)
                .query((rs, n) -> new DeclarationOrder(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("order_id"), rs.getString("line_ids"), rs.getTimestamp("linked_at").toInstant()))
                .list();
    }

    /** The declaration no longer carries this order's data (the order was cancelled and withdrawn). */
    public void unlinkDeclaration(String declarationId, String partnerId, String orderId) {
        jdbc.sql("delete from declaration_order where declaration_id = ? and partner_id = ? and order_id = ?")
                .params(declarationId, partnerId, orderId).update();
    }

    /** Orders with a parcel of this carrier and normalised tracking number (§7.1), oldest first. */
    public List<OrderRef> ordersForParcel(String carrierCode, String trackingNorm) {
        return jdbc.sql("select partner_id, order_id from platform_parcel where carrier_code = ? and tracking_norm = ? order by created_at, order_id")
                .params(carrierCode, trackingNorm)
                .query((rs, n) -> new OrderRef(rs.getString(1), rs.getString(2))).list();
    }

    private static StoredOrder map(ResultSet rs, int n) throws SQLException {
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        return new StoredOrder(rs.getString("partner_id"), rs.getString("order_id"), rs.getInt("order_version"),
                rs.getString("status"), rs.getString("content_sha256"), rs.getString("order_json"),
                rs.getTimestamp("ordered_at").toInstant(), rs.getString("upload_id"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                cancelled == null ? null : cancelled.toInstant());
    }
}
