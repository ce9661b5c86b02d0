package org.clearway.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Platform bulk uploads (PARTNER-APIS §6.1): the spooled file, its status (PROCESSING, COMPLETED)
 * and counters, and one result per order (NDJSON line, CSV order over its rows), kept in the
 * database so progress survives a restart and never grows the heap.
 */
@Repository
public class PlatformUploadStore {

    public record Upload(String uploadId, String partnerId, String format, String status, String spoolPath,
                         long bytes, String bodySha256, long linesTotal, long ordersAccepted, long linesRejected,
                         String warningsJson, Instant createdAt, Instant completedAt) {
    }

    /** One §6.1 result: first line, order id, outcome, all lines (CSV) and the rest of the result object. */
    public record Result(int line, String orderId, String outcome, String linesJson, String resultJson) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public PlatformUploadStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void insert(Upload u) {
        jdbc.sql("insert into platform_upload (upload_id, partner_id, upload_format, status, spool_path, size_bytes, body_sha256, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(u.uploadId(), u.partnerId(), u.format(), u.status(), u.spoolPath(), u.bytes(), u.bodySha256(),
                        Timestamp.from(u.createdAt()))
                .update();
    }

    public Optional<Upload> find(String partnerId, String uploadId) {
        return jdbc.sql("select * from platform_upload where partner_id = ? and upload_id = ?")
                .params(partnerId, uploadId).query(PlatformUploadStore::map).optional();
    }

    /** Gives a new upload's lease to {@code owner} until {@code until}. */
    public void lease(String uploadId, String owner, Instant until) {
        jdbc.sql("update platform_upload set processing_owner = ?, lease_until = ? where upload_id = ?")
                .params(owner, Timestamp.from(until), uploadId).update();
    }

    /**
     * Renews {@code owner}'s lease, in the caller's transaction; false when another instance took
     * the upload over (the caller stops and rolls back).
     */
    public boolean renewLease(String uploadId, String owner, Instant until) {
        return jdbc.sql("update platform_upload set lease_until = ? where upload_id = ? and processing_owner = ? and status = 'PROCESSING'")
                .params(Timestamp.from(until), uploadId, owner).update() == 1;
    }

    /**
     * Takes a PROCESSING upload for {@code owner}: one it held before (a restart) or one whose lease
     * ran out; true for one instance only.
     */
    public boolean takeOver(String uploadId, String owner, Instant now, Instant until) {
        return jdbc.sql("""
                update platform_upload set processing_owner = ?, lease_until = ?
                where upload_id = ? and status = 'PROCESSING'
                  and (processing_owner = ? or lease_until is null or lease_until <= ?)""")
                .params(owner, Timestamp.from(until), uploadId, owner, Timestamp.from(now)).update() == 1;
    }

    /** The owner and lease of an upload, for operators and tests. */
    public Optional<String> owner(String uploadId) {
        return jdbc.sql("select processing_owner from platform_upload where upload_id = ?").param(uploadId)
                .query(String.class).optional();
    }

    public List<Upload> processing() {
        return jdbc.sql("select * from platform_upload where status = 'PROCESSING' order by created_at")
                .query(PlatformUploadStore::map).list();
    }

    /** Adds results and the counters they change, in the caller's transaction. */
    public void addResults(String uploadId, List<Result> results, long lines, long accepted, long rejected) {
        template.batchUpdate("insert into platform_upload_result (upload_id, line_no, order_id, outcome, lines_json, result_json) values (?, ?, ?, ?, ?, ?)",
                results.stream().map(r -> new Object[] {uploadId, r.line(), r.orderId(), r.outcome(), r.linesJson(),
                        r.resultJson()}).toList());
        jdbc.sql("update platform_upload set lines_total = lines_total + ?, orders_accepted = orders_accepted + ?, lines_rejected = lines_rejected + ? where upload_id = ?")
                .params(lines, accepted, rejected, uploadId).update();
    }

    public void complete(String uploadId, long linesTotal, String warningsJson, Instant now) {
        jdbc.sql("update platform_upload set status = 'COMPLETED', lines_total = ?, warnings_json = ?, completed_at = ? where upload_id = ?")
                .params(linesTotal, warningsJson, Timestamp.from(now), uploadId).update();
    }

    /** Forgets partial results, for an upload processed again after a restart. */
    public void restart(String uploadId) {
        jdbc.sql("delete from platform_upload_result where upload_id = ?").param(uploadId).update();
        jdbc.sql("update platform_upload set lines_total = 0, orders_accepted = 0, lines_rejected = 0 where upload_id = ?")
                .param(uploadId).update();
    }

    /** Results from line {@code fromLine} on, in line order. */
    public List<Result> results(String uploadId, int fromLine, int limit) {
        return jdbc.sql("select * from platform_upload_result where upload_id = ? and line_no >= ? order by line_no limit ?")
                .params(uploadId, fromLine, limit)
                .query((rs, n) -> new Result(rs.getInt("line_no"), rs.getString("order_id"), rs.getString("outcome"),
                        rs.getString("lines_json"), rs.getString("result_json")))
                .list();
    }

    private static Upload map(ResultSet rs, int n) throws SQLException {
        Timestamp completed = rs.getTimestamp("completed_at");
        return new Upload(rs.getString("upload_id"), rs.getString("partner_id"), rs.getString("upload_format"),
                rs.getString("status"), rs.getString("spool_path"), rs.getLong("size_bytes"),
                rs.getString("body_sha256"), rs.getLong("lines_total"), rs.getLong("orders_accepted"),
                rs.getLong("lines_rejected"), rs.getString("warnings_json"), rs.getTimestamp("created_at").toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
