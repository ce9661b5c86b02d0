package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Express shipments by (partner, house waybill) with their declaration ids and latest accepted
 * content (PARTNER-APIS §1.2 business deduplication, §3), and manifests linking houses to a
 * master air waybill (§3.6).
 */
@Repository
public class ExpressStore {

    /** One house consignment of an express partner. {@code shipmentJson} is the latest accepted version. */
    public record Shipment(String shipmentRef, String partnerId, String houseWaybill, String declarationId,
                           String lrn, String shipmentId, String masterAwb, String contentSha256,
                           String shipmentJson, int revisions, Instant cancelledAt, Instant createdAt,
                           Instant updatedAt, Instant heldUntil) {
        public boolean cancelled() {
            return cancelledAt != null;
        }

        /** Waiting in its hold window (not yet declared). */
        public boolean held() {
            return heldUntil != null;
        }
    }

    private final JdbcClient jdbc;

    public ExpressStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Shipment> byRef(String partnerId, String shipmentRef) {
        return jdbc.sql("select * from express_shipment where partner_id = ? and shipment_ref = ?")
                .params(partnerId, shipmentRef).query(ExpressStore::map).optional();
    }

    public Optional<Shipment> byHouseWaybill(String partnerId, String houseWaybill) {
        return jdbc.sql("select * from express_shipment where partner_id = ? and house_waybill = ?")
                .params(partnerId, houseWaybill).query(ExpressStore::map).optional();
    }

    /** Locks the row for the rest of the caller's transaction (concurrent submissions of one house waybill). */
    public Optional<Shipment> lockByHouseWaybill(String partnerId, String houseWaybill) {
        return jdbc.sql("select * from express_shipment where partner_id = ? and house_waybill = ? for update")
                .params(partnerId, houseWaybill).query(ExpressStore::map).optional();
    }

    /**
     * Locks the shipment behind a declaration for the rest of the caller's transaction: the enrich
     * stage holds it while it reads the orders and records the revision, and the platform side while
     * it decides whether late order data needs an amendment, so neither misses the other.
     */
    public Optional<Shipment> lockByDeclarationId(String declarationId) {
        return jdbc.sql("select * from express_shipment where declaration_id = ? for update")
                .param(declarationId).query(ExpressStore::map).optional();
    }

    /** A partner's shipments whose house waybill, upper-cased without spaces and hyphens, is {@code norm} (§7.1). */
    public List<Shipment> byNormalisedHouseWaybill(String partnerId, String norm) {
        return jdbc.sql("select * from express_shipment where partner_id = ? and house_waybill_norm = ?")
                .params(partnerId, norm).query(ExpressStore::map).list();
    }

    /** The express shipment behind a declaration, if the declaration came from an express partner. */
    public Optional<Shipment> byDeclarationId(String declarationId) {
        return jdbc.sql("select * from express_shipment where declaration_id = ?")
                .param(declarationId).query(ExpressStore::map).optional();
    }

    public Optional<Shipment> byLrn(String lrn) {
        return jdbc.sql("select * from express_shipment where lrn = ?").param(lrn).query(ExpressStore::map).optional();
    }

    /** Declarations of every partner's shipments with this house waybill (decision correlation). */
    public List<Shipment> byHouseWaybillAnyPartner(String houseWaybill) {
        return jdbc.sql("select * from express_shipment where house_waybill = ?")
                .param(houseWaybill).query(ExpressStore::map).list();
    }

    /** The partner message that brought a shipment's current content (its {@code sources[]} entry). */
    public record ContentSource(String dialect, String idempotencyKey, String payloadSha256) {
    }

    /** Records which partner message brought the shipment's current content, in the caller's transaction. */
    public void recordSource(String shipmentRef, ContentSource source) {
        jdbc.sql("update express_shipment set source_dialect = ?, source_idempotency_key = ?, source_payload_sha256 = ? where shipment_ref = ?")
                .params(source.dialect(), source.idempotencyKey(), source.payloadSha256(), shipmentRef).update();
    }

    /** The recorded source of the current content; empty for rows written before it was recorded. */
    public Optional<ContentSource> source(String shipmentRef) {
        return jdbc.sql("select source_dialect, source_idempotency_key, source_payload_sha256 from express_shipment where shipment_ref = ? and source_dialect is not null")
                .param(shipmentRef)
                .query((rs, n) -> new ContentSource(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** Replaces the shipment's {@code platform.orderIds[]} hints (§7.1 row 3), in the caller's transaction. */
    public void replaceOrderHints(String shipmentRef, String partnerId, String platformId, List<String> orderIds) {
        jdbc.sql("delete from express_order_hint where shipment_ref = ?").param(shipmentRef).update();
        if (platformId == null || platformId.isBlank()) {
            return;
        }
        for (String orderId : new java.util.LinkedHashSet<>(orderIds)) {
            jdbc.sql("insert into express_order_hint (shipment_ref, partner_id, platform_id, order_id) values (?, ?, ?, ?) on conflict do nothing")
                    .params(shipmentRef, partnerId, platformId, orderId).update();
        }
    }

    /** The shipments whose current content names this platform order in {@code platform.orderIds[]}. */
    public List<Shipment> hintingOrder(String platformId, String orderId) {
        return jdbc.sql("select s.* from express_shipment s join express_order_hint h on h.shipment_ref = s.shipment_ref where h.platform_id = ? and h.order_id = ?")
                .params(platformId, orderId).query(ExpressStore::map).list();
    }

    /** §7.1 normalisation, as {@code PlatformOrder.normaliseTrackingNumber} does for the platform side. */
    static String normalise(String houseWaybill) {
        return org.clearway.mappings.platform.PlatformOrder.normaliseTrackingNumber(houseWaybill);
    }

    public void insert(Shipment s) {
        jdbc.sql("""
                insert into express_shipment (shipment_ref, partner_id, house_waybill, house_waybill_norm, declaration_id,
                  lrn, shipment_id, master_awb, content_sha256, shipment_json, revisions, cancelled_at, created_at,
                  updated_at, held_until)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.shipmentRef(), s.partnerId(), s.houseWaybill(), normalise(s.houseWaybill()), s.declarationId(), s.lrn(), s.shipmentId(),
                        s.masterAwb(), s.contentSha256(), s.shipmentJson(), s.revisions(), ts(s.cancelledAt()),
                        ts(s.createdAt()), ts(s.updatedAt()), ts(s.heldUntil()))
                .update();
    }

    /** Records a new accepted version (amendment, information response, manifest update). */
    public void updateContent(String shipmentRef, String shipmentId, String masterAwb, String contentSha256,
                              String shipmentJson, int revisions, Instant at) {
        jdbc.sql("""
                update express_shipment set shipment_id = ?, master_awb = ?, content_sha256 = ?, shipment_json = ?,
                  revisions = ?, updated_at = ? where shipment_ref = ?""")
                .params(shipmentId, masterAwb, contentSha256, shipmentJson, revisions, ts(at), shipmentRef).update();
    }

    /** Shipments whose hold window ended by {@code now}, oldest first. */
    public List<Shipment> heldUntilBefore(Instant now, int limit) {
        return jdbc.sql("select * from express_shipment where held_until is not null and held_until <= ? order by held_until limit ?")
                .params(ts(now), limit).query(ExpressStore::map).list();
    }

    /**
     * Ends a shipment's hold; true for exactly one caller (one gateway instance) per window, so the
     * release is staged once even when several instances poll the same database.
     */
    public boolean release(String shipmentRef) {
        return jdbc.sql("update express_shipment set held_until = null where shipment_ref = ? and held_until is not null")
                .param(shipmentRef).update() == 1;
    }

    public void markCancelled(String shipmentRef, int revisions, Instant at) {
        jdbc.sql("update express_shipment set cancelled_at = ?, revisions = ?, updated_at = ? where shipment_ref = ?")
                .params(ts(at), revisions, ts(at), shipmentRef).update();
    }

    public void insertManifest(String manifestId, String partnerId, String masterAwb, String manifestJson, Instant at) {
        jdbc.sql("insert into express_manifest (manifest_id, partner_id, master_awb, manifest_json, created_at) values (?, ?, ?, ?, ?)")
                .params(manifestId, partnerId, masterAwb, manifestJson, ts(at)).update();
    }

    public void linkHouse(String partnerId, String houseWaybill, String manifestId, Instant linkedAt) {
        jdbc.sql("insert into manifest_house (partner_id, house_waybill, manifest_id, linked_at) values (?, ?, ?, ?)")
                .params(partnerId, houseWaybill, manifestId, ts(linkedAt)).update();
    }

    /** The newest manifest that names this house and was not yet applied to it, as JSON. */
    public Optional<String> pendingManifestFor(String partnerId, String houseWaybill) {
        return jdbc.sql("""
                select m.manifest_json from manifest_house h join express_manifest m on m.manifest_id = h.manifest_id
                where h.partner_id = ? and h.house_waybill = ? and h.linked_at is null order by m.created_at desc limit 1""")
                .params(partnerId, houseWaybill).query(String.class).optional();
    }

    public void markHouseLinked(String partnerId, String houseWaybill, Instant at) {
        jdbc.sql("update manifest_house set linked_at = ? where partner_id = ? and house_waybill = ? and linked_at is null")
                .params(ts(at), partnerId, houseWaybill).update();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Shipment map(ResultSet rs, int n) throws SQLException {
        return new Shipment(rs.getString("shipment_ref"), rs.getString("partner_id"), rs.getString("house_waybill"),
                rs.getString("declaration_id"), rs.getString("lrn"), rs.getString("shipment_id"),
                rs.getString("master_awb"), rs.getString("content_sha256"), rs.getString("shipment_json"),
                rs.getInt("revisions"), instant(rs, "cancelled_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "held_until"));
    }
}
