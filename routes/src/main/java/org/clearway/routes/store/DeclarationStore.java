package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Declaration ids per postal item, revisions with the postal source references CUSRSP needs
 * (MIG §5.3), BGM numbers (MIG V21) and signed emissions (CUSTOMS-AND-POSTAL-INTERFACES §3.2).
 */
@Repository
public class DeclarationStore {

    /** Postal source references stored with each revision (MIG §5.3, last paragraph). */
    public record PostalRefs(String interchangeRef, String messageRef, String bgmNumber, String messageDate,
                             String sendingPost, String customsOffice, String cniSequence, String s10AsReceived,
                             String syntaxIdentifier, String syntaxVersion) {
    }

    public record Revision(String declarationId, int revision, String functionCode, String state, String partnerId,
                           String ingressId, String contentSha256, Instant createdAt, String gatewayMessageId,
                           String backendId, PostalRefs postal, String warnings, boolean warningsSent) {
    }

    /**
     * One signed emission. {@code body} and {@code signature} are kept only for backends that pull
     * (the others received them); {@code correlationJson} is kept for every emission, for matching
     * decisions and echoing the correlation keys.
     */
    public record Emission(long seq, String gatewayMessageId, String declarationId, int revision, String backendId,
                           String mediaType, String correlationJson, byte[] body, byte[] signature,
                           String signatureKey, Instant createdAt) {
    }

    public record PostalItem(String declarationId, String partnerId, String s10ItemId, String lrn) {
    }

    private final JdbcClient jdbc;

    public DeclarationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private org.clearway.routes.pipeline.StageTransactions allocation;

    /**
     * New postal items are allocated in a short transaction of their own (the configured manager,
     * {@code REQUIRES_NEW}): a batched stage's transaction can last a whole batch, and the ingress
     * allocating the same S10 ids for its 202 must not wait for it, nor see an id the stage may
     * still roll back. Allocation is idempotent (get-or-create), so committing it early is safe.
     */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void setTransactions(org.clearway.routes.pipeline.StageTransactions transactions) {
        allocation = transactions;
    }

    /**
     * The declarationId of this sender's S10 id, created when first seen (CUSTOMS-AND-POSTAL §1.1,
     * MIG V20). The LRN is derived from the id and unique; on a clash a new id is drawn. The lookup
     * needs no transaction; a missing item is allocated in one of its own (auto-commit without Spring).
     */
    public PostalItem postalItem(String partnerId, String s10, Supplier<UUID> ids, java.util.function.Function<UUID, String> lrn, Instant now) {
        Optional<PostalItem> existing = findPostalItem(partnerId, s10);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (allocation != null) {
            return allocation.inOwnTransaction(() -> allocatePostalItem(partnerId, s10, ids, lrn, now));
        }
        return allocatePostalItem(partnerId, s10, ids, lrn, now);
    }

    private PostalItem allocatePostalItem(String partnerId, String s10, Supplier<UUID> ids,
                                          java.util.function.Function<UUID, String> lrn, Instant now) {
        int lrnClashes = 0;
        for (int attempt = 0; lrnClashes < 5 && attempt < 200; attempt++) {
            UUID id = ids.get();
            // "on conflict do nothing" instead of catching the duplicate key: on PostgreSQL a failed
            // statement aborts the enclosing transaction, so the read below would fail too
            int inserted;
            try {
                inserted = jdbc.sql("""
                        insert into postal_item (declaration_id, partner_id, s10_item_id, lrn, created_at)
                        values (?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(id.toString(), partnerId, s10, lrn.apply(id), Timestamp.from(now)).update();
            } catch (org.springframework.dao.DataAccessException e) {
                // H2 refuses at once (90131) a key another open transaction inserted, where
                // PostgreSQL waits for it: wait a moment and look again (H2 undoes just the statement)
                if (!H2Inserts.concurrentInsert(e)) {
                    throw e;
                }
                H2Inserts.pause("allocating a declaration id");
                Optional<PostalItem> other = findPostalItem(partnerId, s10);
                if (other.isPresent()) {
                    return other.get();
                }
                continue;
            }
            if (inserted == 1) {
                return new PostalItem(id.toString(), partnerId, s10, lrn.apply(id));
            }
            Optional<PostalItem> raced = findPostalItem(partnerId, s10);
            if (raced.isPresent()) {
                return raced.get();
            }
            // else the LRN derived from the drawn id clashed: draw another
            lrnClashes++;
        }
        throw new IllegalStateException("could not allocate a declaration id for " + s10);
    }

    /**
     * The declarationIds of many S10 ids of one sender, allocating the new ones: one query for the
     * known ones and one short transaction of its own for the new ones (the 202 of a 10,000-item
     * interchange is not 10,000 commits).
     */
    public Map<String, PostalItem> postalItems(String partnerId, List<String> s10s, Supplier<UUID> ids,
                                               java.util.function.Function<UUID, String> lrn, Instant now) {
        Map<String, PostalItem> found = new java.util.HashMap<>();
        for (int from = 0; from < s10s.size(); from += 500) {
            List<String> chunk = s10s.subList(from, Math.min(s10s.size(), from + 500));
            // row values, not "partner_id = ? and s10_item_id in (...)": H2 looks an IN list up in an
            // index only on the index's first column, so that form scanned all of the partner's items
            // for every chunk (the 202 of a 200,000-item interchange took 10 minutes)
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "(?, ?)"));
            List<Object> params = new java.util.ArrayList<>();
            for (String s10 : chunk) {
                params.add(partnerId);
                params.add(s10);
            }
            jdbc.sql("select * from postal_item where (partner_id, s10_item_id) in (" + marks + ")")
                    .params(params)
                    .query((rs, n) -> new PostalItem(rs.getString("declaration_id"), rs.getString("partner_id"),
                            rs.getString("s10_item_id"), rs.getString("lrn")))
                    .list().forEach(p -> found.put(p.s10ItemId(), p));
            List<String> missing = chunk.stream().filter(s -> !found.containsKey(s)).distinct().toList();
            if (missing.isEmpty()) {
                continue;
            }
            java.util.function.Supplier<Void> allocate = () -> {
                for (String s10 : missing) {
                    found.put(s10, allocatePostalItem(partnerId, s10, ids, lrn, now));
                }
                return null;
            };
            if (allocation != null) {
                allocation.inOwnTransaction(allocate);
            } else {
                allocate.get();
            }
        }
        return found;
    }

    public Optional<PostalItem> findPostalItem(String partnerId, String s10) {
        return jdbc.sql("select * from postal_item where partner_id = ? and s10_item_id = ?")
                .params(partnerId, s10)
                .query((rs, n) -> new PostalItem(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("s10_item_id"), rs.getString("lrn")))
                .optional();
    }

    /**
     * Locks a postal item's row for the rest of the caller's transaction: the enrich stage holds it
     * while it reads the orders and records a revision, the platform side while it decides whether
     * late order data needs an amendment (no lost or doubled merge, issue 6).
     */
    public Optional<PostalItem> lockPostalItem(String declarationId) {
        return jdbc.sql("select * from postal_item where declaration_id = ? for update")
                .param(declarationId)
                .query((rs, n) -> new PostalItem(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("s10_item_id"), rs.getString("lrn")))
                .optional();
    }

    public Optional<PostalItem> findPostalItemById(String declarationId) {
        return jdbc.sql("select * from postal_item where declaration_id = ?")
                .param(declarationId)
                .query((rs, n) -> new PostalItem(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("s10_item_id"), rs.getString("lrn")))
                .optional();
    }

    public Optional<PostalItem> findPostalItemByLrn(String lrn) {
        return jdbc.sql("select * from postal_item where lrn = ?")
                .param(lrn)
                .query((rs, n) -> new PostalItem(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("s10_item_id"), rs.getString("lrn")))
                .optional();
    }

    /** The latest signed emission of a declaration revision for a backend. */
    public Optional<Emission> latestEmission(String declarationId, int revision) {
        return jdbc.sql("select * from emission where declaration_id = ? and revision = ? order by seq desc limit 1")
                .params(declarationId, revision).query(DeclarationStore::mapEmission).optional();
    }

    /** The highest revision of a declaration that was signed. */
    public Optional<Emission> latestEmission(String declarationId) {
        return jdbc.sql("select * from emission where declaration_id = ? order by revision desc, seq desc limit 1")
                .param(declarationId).query(DeclarationStore::mapEmission).optional();
    }

    public List<PostalItem> findPostalItemsByS10(String s10) {
        return jdbc.sql("select * from postal_item where s10_item_id = ?")
                .param(s10)
                .query((rs, n) -> new PostalItem(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getString("s10_item_id"), rs.getString("lrn")))
                .list();
    }

    /**
     * Records a BGM message number (MIG V21). Returns false when this sender already used it
     * since {@code since} in another message; the same staged message seen again (a redelivery)
     * is not a reuse, and neither is the same message in a byte-identical resubmission of an
     * interchange whose first copy was queued but never answered (a crash between the broker's
     * commit and the 202; docs/TRANSACTIONS.md): its items then meet their first copy in the
     * enrich stage as identical content.
     */
    public boolean registerMessageNumber(String partnerId, String bgm, String ingressId, String messageRef,
                                         Instant now, Instant since) {
        return registerMessageNumber(partnerId, bgm, ingressId, messageRef, null, now, since);
    }

    public boolean registerMessageNumber(String partnerId, String bgm, String ingressId, String messageRef,
                                         String payloadSha256, Instant now, Instant since) {
        record Used(String ingressId, String messageRef, Instant at) {
        }
        Optional<Used> previous = jdbc.sql("select ingress_id, message_ref, received_at from message_number where partner_id = ? and bgm_number = ?")
                .params(partnerId, bgm)
                .query((rs, n) -> new Used(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
        if (previous.isPresent()) {
            if (previous.get().ingressId().equals(ingressId) && previous.get().messageRef().equals(messageRef)) {
                return true; // the same message again (redelivery after a rollback), not a reuse
            }
            if (payloadSha256 != null && previous.get().messageRef().equals(messageRef)
                    && unansweredCopy(previous.get().ingressId(), partnerId, payloadSha256)) {
                return true;
            }
            if (previous.get().at().isAfter(since)) {
                return false;
            }
            jdbc.sql("update message_number set ingress_id = ?, message_ref = ?, received_at = ? where partner_id = ? and bgm_number = ?")
                    .params(ingressId, messageRef, Timestamp.from(now), partnerId, bgm).update();
            return true;
        }
        // a concurrent first use by another message (or gateway instance) wins; this one is a reuse
        return jdbc.sql("""
                insert into message_number (partner_id, bgm_number, ingress_id, message_ref, received_at)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(partnerId, bgm, ingressId, messageRef, Timestamp.from(now)).update() == 1;
    }

    /** Whether that ingress was the same bytes from the same sender and never answered (left STAGING). */
    private boolean unansweredCopy(String ingressId, String partnerId, String payloadSha256) {
        return jdbc.sql("select count(*) from interchange where ingress_id = ? and partner_id = ? and payload_sha256 = ? and status = 'STAGING'")
                .params(ingressId, partnerId, payloadSha256).query(Long.class).single() > 0;
    }

    public Optional<Revision> latest(String declarationId) {
        return jdbc.sql("select * from declaration_revision where declaration_id = ? order by revision desc limit 1")
                .param(declarationId).query(DeclarationStore::mapRevision).optional();
    }

    public Optional<Revision> revision(String declarationId, int revision) {
        return jdbc.sql("select * from declaration_revision where declaration_id = ? and revision = ?")
                .params(declarationId, revision).query(DeclarationStore::mapRevision).optional();
    }

    public List<Revision> revisions(String declarationId) {
        return jdbc.sql("select * from declaration_revision where declaration_id = ? order by revision")
                .param(declarationId).query(DeclarationStore::mapRevision).list();
    }

    public void insertRevision(Revision r) {
        PostalRefs p = r.postal();
        jdbc.sql("""
                insert into declaration_revision (declaration_id, revision, function_code, state, partner_id, ingress_id,
                  content_sha256, created_at, backend_id, interchange_ref, message_ref, bgm_number, message_date,
                  sending_post, customs_office, cni_sequence, s10_as_received, syntax_identifier, syntax_version,
                  warnings, warnings_sent)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.declarationId(), r.revision(), r.functionCode(), r.state(), r.partnerId(), r.ingressId(),
                        r.contentSha256(), Timestamp.from(r.createdAt()), r.backendId(),
                        p == null ? null : p.interchangeRef(), p == null ? null : p.messageRef(),
                        p == null ? null : p.bgmNumber(), p == null ? null : p.messageDate(),
                        p == null ? null : p.sendingPost(), p == null ? null : p.customsOffice(),
                        p == null ? null : p.cniSequence(), p == null ? null : p.s10AsReceived(),
                        p == null ? null : p.syntaxIdentifier(), p == null ? null : p.syntaxVersion(),
                        r.warnings(), r.warningsSent())
                .update();
    }

    public void markSigned(String declarationId, int revision, String gatewayMessageId, Instant at) {
        jdbc.sql("update declaration_revision set state = 'SIGNED', gateway_message_id = ?, signed_at = ? where declaration_id = ? and revision = ?")
                .params(gatewayMessageId, Timestamp.from(at), declarationId, revision).update();
    }

    public void markDelivered(String declarationId, int revision, Instant at) {
        jdbc.sql("update declaration_revision set state = 'DELIVERED', delivered_at = ? where declaration_id = ? and revision = ?")
                .params(Timestamp.from(at), declarationId, revision).update();
    }

    public void markWarningsSent(String declarationId) {
        jdbc.sql("update declaration_revision set warnings_sent = true where declaration_id = ?")
                .param(declarationId).update();
    }

    public void insertEmission(Emission e) {
        jdbc.sql("""
                insert into emission (gateway_message_id, declaration_id, revision, backend_id, media_type,
                  correlation_json, body, signature, signature_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.gatewayMessageId(), e.declarationId(), e.revision(), e.backendId(), e.mediaType(),
                        e.correlationJson(), e.body(), e.signature(), e.signatureKey(), Timestamp.from(e.createdAt()))
                .update();
    }

    public Optional<Emission> emission(String gatewayMessageId) {
        return jdbc.sql("select * from emission where gateway_message_id = ?")
                .param(gatewayMessageId).query(DeclarationStore::mapEmission).optional();
    }

    /**
     * The next page of a backend's pull feed after a cursor (pull delivery, §3.2): emissions in
     * {@code feed_seq} order, each with its feed position as {@link Emission#seq()}. Only emissions
     * that {@link #sequenceFeed} numbered are returned, so the feed never shows a gap that a slower
     * transaction fills later.
     */
    public List<Emission> emissionsAfter(String backendId, long afterFeedSeq, int limit) {
        return jdbc.sql("""
                        select * from emission where backend_id = ? and feed_seq > ? and body is not null
                        order by feed_seq limit ?""")
                .params(backendId, afterFeedSeq, limit)
                .query((rs, n) -> {
                    Emission e = mapEmission(rs, n);
                    return new Emission(rs.getLong("feed_seq"), e.gatewayMessageId(), e.declarationId(), e.revision(),
                            e.backendId(), e.mediaType(), e.correlationJson(), e.body(), e.signature(),
                            e.signatureKey(), e.createdAt());
                }).list();
    }

    /**
     * Numbers the committed pull emissions that have no feed position yet, in insertion order, after
     * the highest number given so far. Must run in a transaction: the row lock on
     * {@code feed_sequencer} makes sequencers (threads, gateway instances) take turns, and each turn's
     * numbers are committed before the next turn reads the last number.
     *
     * @return how many emissions were numbered
     */
    public int sequenceFeed(int max) {
        return FeedSequencer.sequence(jdbc, FeedSequencer.Feed.EMISSION, max);
    }


    /** The postal transport draft of a declaration, before fusion (V21 {@code postal_transport_draft}). */
    public record TransportDraft(String declarationId, String partnerId, int revision, String draftJson) {
    }

    /** Keeps the latest postal transport draft of a declaration (one row, replaced). */
    public void saveTransportDraft(String declarationId, String partnerId, int revision, String draftJson, Instant now) {
        int updated = jdbc.sql("update postal_transport_draft set partner_id = ?, revision = ?, draft_json = ?, updated_at = ? where declaration_id = ?")
                .params(partnerId, revision, draftJson, Timestamp.from(now), declarationId).update();
        if (updated == 0) {
            jdbc.sql("insert into postal_transport_draft (declaration_id, partner_id, revision, draft_json, updated_at) values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(declarationId, partnerId, revision, draftJson, Timestamp.from(now)).update();
        }
    }

    public Optional<TransportDraft> transportDraft(String declarationId) {
        return jdbc.sql("select * from postal_transport_draft where declaration_id = ?")
                .param(declarationId)
                .query((rs, n) -> new TransportDraft(rs.getString("declaration_id"), rs.getString("partner_id"),
                        rs.getInt("revision"), rs.getString("draft_json")))
                .optional();
    }

    /** The gateway's next UNB 0020 for an outgoing interchange (an..14). */
    public String nextControlReference() {
        long n = jdbc.sql("select nextval('gateway_control_ref')").query(Long.class).single();
        return String.format("CW%012d", n);
    }

    private static Revision mapRevision(ResultSet rs, int n) throws SQLException {
        PostalRefs postal = rs.getString("message_ref") == null ? null : new PostalRefs(rs.getString("interchange_ref"),
                rs.getString("message_ref"), rs.getString("bgm_number"), rs.getString("message_date"),
                rs.getString("sending_post"), rs.getString("customs_office"), rs.getString("cni_sequence"),
                rs.getString("s10_as_received"), rs.getString("syntax_identifier"), rs.getString("syntax_version"));
        return new Revision(rs.getString("declaration_id"), rs.getInt("revision"), rs.getString("function_code"),
                rs.getString("state"), rs.getString("partner_id"), rs.getString("ingress_id"),
                rs.getString("content_sha256"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("gateway_message_id"), rs.getString("backend_id"), postal, rs.getString("warnings"),
                rs.getBoolean("warnings_sent"));
    }

    private static Emission mapEmission(ResultSet rs, int n) throws SQLException {
        return new Emission(rs.getLong("seq"), rs.getString("gateway_message_id"), rs.getString("declaration_id"),
                rs.getInt("revision"), rs.getString("backend_id"), rs.getString("media_type"),
                rs.getString("correlation_json"), rs.getBytes("body"),
                rs.getBytes("signature"), rs.getString("signature_key"), rs.getTimestamp("created_at").toInstant());
    }
}
