package org.clearway.routes.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds trace events by the keys partners and operators know: S10 item id, house waybill,
 * tracking number, platform order id, gateway message id (resolved to declaration ids over
 * postal_item, express_shipment, declaration_order and declaration_revision), and filters by
 * partner, stage, event and time range.
 */
@Repository
public class TraceSearch {
    /** The filters; null means "any". */
    public record Filter(String ingressId, String declarationId, String s10ItemId, String houseWaybill,
                         String trackingNumber, String orderId, String gatewayMessageId, String partnerId,
                         String stage, String event, Instant from, Instant to, int limit) {
        public boolean hasKey() {
            return ingressId != null || declarationId != null || s10ItemId != null || houseWaybill != null
                    || trackingNumber != null || orderId != null || gatewayMessageId != null;
        }
    }

    public record Result(Set<String> declarationIds, List<TraceLog.Event> events, boolean truncated) {
    }

    private final JdbcClient jdbc;

    public TraceSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The declaration ids the key filters name (empty when none is given or none resolves). */
    public Set<String> declarationIds(Filter f) {
        Set<String> ids = new LinkedHashSet<>();
        if (f.declarationId() != null) {
            ids.add(f.declarationId());
        }
        if (f.s10ItemId() != null) {
            ids.addAll(strings("select declaration_id from postal_item where s10_item_id = ?", f.s10ItemId().trim().toUpperCase(Locale.ROOT)));
        }
        if (f.houseWaybill() != null) {
            ids.addAll(strings("select declaration_id from express_shipment where house_waybill_norm = ?", norm(f.houseWaybill())));
        }
        if (f.trackingNumber() != null) {
            String n = norm(f.trackingNumber());
            ids.addAll(strings("select declaration_id from postal_item where s10_item_id = ?", n));
            ids.addAll(strings("select declaration_id from express_shipment where house_waybill_norm = ?", n));
            // parcels of orders that name this tracking number and were fused into declarations
            ids.addAll(strings("select o.declaration_id from declaration_order o join platform_parcel p"
                    + " on p.partner_id = o.partner_id and p.order_id = o.order_id where p.tracking_norm = ?", n));
        }
        if (f.orderId() != null) {
            ids.addAll(strings("select declaration_id from declaration_order where order_id = ?", f.orderId()));
        }
        if (f.gatewayMessageId() != null) {
            ids.addAll(strings("select declaration_id from emission where gateway_message_id = ?", f.gatewayMessageId()));
            ids.addAll(strings("select declaration_id from declaration_revision where gateway_message_id = ?", f.gatewayMessageId()));
        }
        return ids;
    }

    public Result search(Filter f) {
        Set<String> ids = declarationIds(f);
        StringBuilder sql = new StringBuilder("select * from trace_event where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (f.hasKey()) {
            List<String> keys = new ArrayList<>();
            if (f.ingressId() != null) {
                keys.add("ingress_id = ?");
                params.add(f.ingressId());
            }
            if (!ids.isEmpty()) {
                keys.add("declaration_id in (" + placeholders(ids) + ")");
                params.addAll(ids);
                // the interchanges that brought these declarations
                keys.add("(declaration_id is null and ingress_id in (select ingress_id from declaration_revision"
                        + " where declaration_id in (" + placeholders(ids) + ")))");
                params.addAll(ids);
            }
            if (keys.isEmpty()) {
                return new Result(ids, List.of(), false);
            }
            sql.append(" and (").append(String.join(" or ", keys)).append(')');
        }
        if (f.partnerId() != null) {
            sql.append(" and (ingress_id in (select ingress_id from interchange where partner_id = ?)"
                    + " or declaration_id in (select declaration_id from declaration_revision where partner_id = ?))");
            params.add(f.partnerId());
            params.add(f.partnerId());
        }
        if (f.stage() != null) {
            sql.append(" and stage = ?");
            params.add(f.stage());
        }
        if (f.event() != null) {
            sql.append(" and event = ?");
            params.add(f.event());
        }
        if (f.from() != null) {
            sql.append(" and at >= ?");
            params.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" and at < ?");
            params.add(Timestamp.from(f.to()));
        }
        sql.append(" order by event_id limit ?");
        params.add(f.limit() + 1);
        List<TraceLog.Event> events = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(TraceLog::map).list());
        boolean truncated = events.size() > f.limit();
        if (truncated) {
            events.remove(events.size() - 1);
        }
        return new Result(ids, events, truncated);
    }

    private List<String> strings(String sql, String param) {
        return jdbc.sql(sql).param(param).query(String.class).list();
    }

    /** PARTNER-APIS §7.1: upper case, no spaces or hyphens. */
    static String norm(String key) {
        return key.trim().toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
    }

    private static String placeholders(Collection<?> values) {
        return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
    }
}
