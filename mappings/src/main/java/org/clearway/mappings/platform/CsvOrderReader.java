package org.clearway.mappings.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a CSV bulk upload ({@code CLEARWAY-PLATFORM-CSV-1}, PARTNER-APIS §6.4) from a stream:
 * RFC 4180 ({@link CsvRecords}), header row required, columns in any order, unknown columns
 * {@code UNKNOWN_FIELD} warnings, UTF-8 BOM stripped, one row per order line and parcel. The rows
 * of one order are assembled into the §6.2 JSON form and validated by {@link PlatformOrderReader},
 * so both formats obey the same rules; each error is then located back at its CSV cell
 * ({@code line} = physical line, header = 1; {@code column} = header name). Order-level columns
 * must be identical on every row of an order and line-level columns on every row of a line
 * ({@code INCONSISTENT}, the whole order is rejected); {@code tracking_quantity} allocations are
 * summed per line ({@code ALLOCATION_EXCEEDS_QUANTITY}).
 *
 * <p><b>Grouping without holding the file.</b> Rows of one order need not be contiguous, so an
 * order is complete only at the end of the file. Rows are kept in memory up to
 * {@code maxBufferedRows}; past that they are spilled to {@value #BUCKETS} bucket files under
 * {@code spillDir}, chosen by a hash of {@code order_id} (a hash partition, the first phase of a
 * grace hash join). All rows of one order land in one bucket, so the second pass reads one bucket
 * at a time and groups it in memory: memory is bounded by the largest bucket (about file size /
 * {@value #BUCKETS}: ~16 MiB of text for a 1 GiB upload) instead of the file. Small uploads never
 * touch the disk. A second pass over the spooled file with an offset index per order was the
 * alternative; it needs an index entry per order in memory (millions for a large upload) and random
 * reads, while the partition needs neither. Orders are emitted bucket by bucket (in order of first
 * row within a bucket); results carry their line numbers, so callers sort by line.
 *
 * <p>A broken row (bad quoting, too long, not UTF-8, wrong field count) rejects its order when its
 * {@code order_id} could still be read, otherwise it is rejected alone. A row without
 * {@code order_id} is rejected alone.
 */
public final class CsvOrderReader {
    static final int BUCKETS = 64;

    /** §6.4 required columns. */
    public static final Set<String> REQUIRED = Set.of("order_id", "order_version", "ordered_at", "seller_id",
            "seller_name", "seller_street", "seller_city", "seller_country", "buyer_name", "ship_to_name",
            "ship_to_street", "ship_to_city", "ship_to_country", "line_id", "title", "quantity", "unit_price",
            "line_total", "line_currency", "order_total", "order_currency", "payment_method", "paid_at",
            "payment_amount", "payment_currency", "vat_scheme");
    /** §6.4 columns repeated on every row of an order. */
    static final List<String> ORDER_COLUMNS = List.of("order_id", "order_version", "ordered_at", "seller_id",
            "seller_name", "seller_street", "seller_postcode", "seller_city", "seller_state", "seller_country",
            "seller_eori", "seller_vat", "buyer_id", "buyer_name", "buyer_email", "buyer_phone", "buyer_street",
            "buyer_house_number", "buyer_postcode", "buyer_city", "buyer_country", "ship_to_name", "ship_to_street",
            "ship_to_house_number", "ship_to_postcode", "ship_to_city", "ship_to_state", "ship_to_country",
            "shipping_amount", "insurance_amount", "order_total", "order_currency", "payment_method", "paid_at",
            "payment_amount", "payment_currency", "payment_ref", "vat_scheme", "ioss_number", "vat_collected");
    /** §6.4 columns repeated on every row of an order line. */
    static final List<String> LINE_COLUMNS = List.of("line_id", "sku", "title", "quantity", "unit", "unit_price",
            "line_total", "line_currency", "hs_code", "origin_country", "product_url", "unit_weight_kg",
            "discount_amount", "manufacturer_product_id", "gtin");
    /** §6.4 columns of the parcel a row's line (part) travels in. */
    static final List<String> PARCEL_COLUMNS = List.of("carrier_code", "tracking_number", "tracking_quantity");
    static final Set<String> ALL;

    static {
        Set<String> all = new LinkedHashSet<>(ORDER_COLUMNS);
        all.addAll(LINE_COLUMNS);
        all.addAll(PARCEL_COLUMNS);
        ALL = Set.copyOf(all);
    }

    /** Decimal cell (§6.4: decimal point, no thousands separators, no exponent). */
    private static final Pattern DECIMAL = Pattern.compile("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$");
    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]{1,10}$");
    private static final Set<String> DECIMAL_COLUMNS = Set.of("quantity", "unit_price", "line_total",
            "unit_weight_kg", "shipping_amount", "insurance_amount", "order_total", "payment_amount", "vat_collected",
            "tracking_quantity", "discount_amount");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The header is unusable (missing required or duplicate columns, no header): the upload is refused. */
    public static final class HeaderException extends Exception {
        private final transient List<LineProblem> problems;

        public HeaderException(List<LineProblem> problems) {
            super(problems.isEmpty() ? "bad CSV header" : problems.get(0).detail(), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<LineProblem> problems() {
            return problems;
        }
    }

    /** A checked header: column names in file order and the warnings about unknown columns. */
    public record Header(List<String> columns, List<LineProblem> warnings) {
        int index(String column) {
            return columns.indexOf(column);
        }
    }

    /** What a whole read found: data records (rows, empty lines not counted) and the header warnings. */
    public record Summary(long records, List<LineProblem> headerWarnings) {
    }

    private final PlatformOrderReader orders = new PlatformOrderReader();
    private final int maxLineBytes;
    private final int maxBufferedRows;
    private final Path spillDir;

    /**
     * @param maxLineBytes    §1.3 limit of one line (and of one record)
     * @param maxBufferedRows rows held in memory before spilling to bucket files
     * @param spillDir        where bucket files are created (and deleted afterwards)
     */
    public CsvOrderReader(int maxLineBytes, int maxBufferedRows, Path spillDir) {
        this.maxLineBytes = maxLineBytes;
        this.maxBufferedRows = maxBufferedRows;
        this.spillDir = spillDir;
    }

    /**
     * Checks a header record (§6.4): every required column present, no name twice; unknown names are
     * warnings. The route calls this while the upload is still being received.
     */
    public static Header header(List<String> names) throws HeaderException {
        List<LineProblem> errors = new ArrayList<>();
        List<LineProblem> warnings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> columns = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            columns.add(name);
            if (!seen.add(name)) {
                errors.add(new LineProblem("", "INCONSISTENT", "column " + name + " appears twice", 1, name));
            } else if (!ALL.contains(name)) {
                warnings.add(new LineProblem("", "UNKNOWN_FIELD", "unknown column '" + name + "' ignored", 1, name));
            }
        }
        REQUIRED.stream().sorted().filter(c -> !seen.contains(c)).forEach(c ->
                errors.add(new LineProblem("", "REQUIRED", "required column " + c + " is missing", 1, c)));
        if (!errors.isEmpty()) {
            throw new HeaderException(errors);
        }
        return new Header(columns, warnings);
    }

    /** Parses the header of a CSV text's first line (for the synchronous check of an upload). */
    public static Header header(String firstLine) throws HeaderException {
        try {
            CsvRecords.Rec rec = new CsvRecords(new ByteLines(new java.io.ByteArrayInputStream(
                    firstLine.getBytes(StandardCharsets.UTF_8)), Integer.MAX_VALUE - 16), Long.MAX_VALUE / 2).next();
            if (rec == null || rec.broken()) {
                throw new HeaderException(List.of(new LineProblem("", "FORMAT", rec == null
                        ? "a header row is required" : "header row: " + rec.detail(), 1, null)));
            }
            return header(rec.fields());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the whole upload, handing each order's result to {@code sink}. */
    public Summary read(InputStream in, Consumer<OrderResult> sink) throws IOException, HeaderException {
        CsvRecords records = new CsvRecords(new ByteLines(in, maxLineBytes), maxLineBytes);
        CsvRecords.Rec first = records.next();
        if (first == null || first.broken()) {
            throw new HeaderException(List.of(new LineProblem("", "FORMAT", first == null
                    ? "a header row is required" : "header row: " + first.detail(), 1, null)));
        }
        Header header = header(first.fields());
        int orderIdIndex = header.index("order_id");
        long count = 0;
        List<Row> buffered = new ArrayList<>();
        Spill spill = null;
        try {
            CsvRecords.Rec rec;
            while ((rec = records.next()) != null) {
                count++;
                Row row = row(rec, header, orderIdIndex);
                if (row.orderId == null) {
                    sink.accept(alone(row));
                    continue;
                }
                if (spill != null) {
                    spill.write(row);
                } else {
                    buffered.add(row);
                    if (buffered.size() > maxBufferedRows) {
                        spill = new Spill(Files.createTempDirectory(spillDir, "csv-spill-"));
                        for (Row r : buffered) {
                            spill.write(r);
                        }
                        buffered = new ArrayList<>();
                    }
                }
            }
            if (spill == null) {
                emit(buffered, header, sink);
            } else {
                spill.closeWriters();
                for (int b = 0; b < BUCKETS; b++) {
                    emit(spill.readBucket(b), header, sink);
                }
            }
        } finally {
            if (spill != null) {
                spill.delete();
            }
        }
        return new Summary(count, header.warnings());
    }

    // ---- rows ------------------------------------------------------------------------------------

    /** One data record: its lines, cells (null when broken), its order id (when readable), its problem. */
    private record Row(int line, int lastLine, String[] cells, String orderId, String problem, String detail) {
    }

    private static Row row(CsvRecords.Rec rec, Header header, int orderIdIndex) {
        List<String> f = rec.fields();
        String orderId = orderIdIndex < f.size() ? blankToNull(f.get(orderIdIndex)) : null;
        if (rec.broken()) {
            return new Row(rec.line(), rec.lastLine(), null, orderId, rec.problem(), rec.detail());
        }
        if (f.size() != header.columns().size()) {
            return new Row(rec.line(), rec.lastLine(), null, orderId, "FORMAT", "line " + rec.line() + " has "
                    + f.size() + " fields, the header " + header.columns().size());
        }
        return new Row(rec.line(), rec.lastLine(), f.toArray(new String[0]), orderId, null, null);
    }

    private static OrderResult alone(Row row) {
        if (row.problem != null) {
            return OrderResult.rejected(row.line, null, slug(row.problem), List.of(rowProblem(row)));
        }
        return OrderResult.rejected(row.line, null, "validation-error", List.of(new LineProblem("/orderId",
                "REQUIRED", "order_id is required", row.line, "order_id")));
    }

    private static String slug(String rowProblem) {
        return "FORMAT".equals(rowProblem) ? "validation-error" : rowProblem;
    }

    private static LineProblem rowProblem(Row row) {
        String code = switch (row.problem) {
            case "line-too-long" -> "MAX_LENGTH";
            default -> "FORMAT";
        };
        return new LineProblem("", code, row.detail, row.line, null);
    }

    private void emit(List<Row> rows, Header header, Consumer<OrderResult> sink) {
        Map<String, List<Row>> byOrder = new LinkedHashMap<>();
        for (Row r : rows) {
            byOrder.computeIfAbsent(r.orderId, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Row>> e : byOrder.entrySet()) {
            sink.accept(new Assembly(header, e.getKey(), e.getValue()).result());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- one order ---------------------------------------------------------------------------------

    /** Builds the JSON form of one order from its rows and maps validation problems back to cells. */
    private final class Assembly {
        private final Header header;
        private final String orderId;
        private final List<Row> rows;
        private final Map<String, Cell> cells = new HashMap<>();
        private final List<LineProblem> errors = new ArrayList<>();
        private boolean buyerFromShipTo;

        private record Cell(int line, String column) {
        }

        Assembly(Header header, String orderId, List<Row> rows) {
            this.header = header;
            this.orderId = orderId;
            this.rows = new ArrayList<>(rows);
            this.rows.sort(Comparator.comparingInt(Row::line));
        }

        OrderResult result() {
            int first = rows.get(0).line;
            List<Integer> lines = new ArrayList<>();
            rows.forEach(r -> {
                for (int l = r.line; l <= r.lastLine; l++) {
                    lines.add(l);
                }
            });
            List<Row> broken = rows.stream().filter(r -> r.problem != null).toList();
            if (!broken.isEmpty()) {
                List<LineProblem> problems = new ArrayList<>(broken.stream().map(CsvOrderReader::rowProblem).toList());
                return new OrderResult(first, lines, orderId, null, null, slug(broken.get(0).problem), problems,
                        List.of());
            }
            ObjectNode json = build();
            List<LineProblem> warnings = new ArrayList<>();
            PlatformOrderReader.Result r = orders.read(json);
            for (LineProblem p : r.errors()) {
                // a copied ship-to address has its problems reported once, at the ship_to columns
                if (!(buyerFromShipTo && p.pointer().startsWith("/buyer/address"))) {
                    errors.add(locate(p));
                }
            }
            for (LineProblem p : r.warnings()) {
                warnings.add(locate(p));
            }
            errors.sort(Comparator.comparing((LineProblem p) -> p.line() == null ? 0 : p.line())
                    .thenComparing(LineProblem::pointer));
            if (!errors.isEmpty()) {
                return new OrderResult(first, lines, orderId, null, json, "validation-error", errors, warnings);
            }
            return new OrderResult(first, lines, orderId, r.order(), json, null, List.of(), warnings);
        }

        private LineProblem locate(LineProblem p) {
            String pointer = p.pointer();
            while (true) {
                Cell c = cells.get(pointer);
                if (c != null) {
                    String detail = "TYPE".equals(p.code()) ? "not a " + (c.column.equals("order_version")
                            ? "whole number" : "decimal number (decimal point, no thousands separators)")
                            : p.detail();
                    return new LineProblem(p.pointer(), p.code(), detail, c.line, c.column);
                }
                if (pointer.isEmpty()) {
                    return new LineProblem(p.pointer(), p.code(), p.detail(), rows.get(0).line, null);
                }
                pointer = pointer.substring(0, pointer.lastIndexOf('/'));
            }
        }

        private String cell(Row row, String column) {
            int i = header.index(column);
            return i < 0 ? null : blankToNull(row.cells[i]);
        }

        /** Order-level (and line-level) columns must be identical on every row they repeat on (§6.4). */
        private void consistent(List<Row> group, List<String> columns) {
            Row head = group.get(0);
            for (Row r : group.subList(1, group.size())) {
                for (String column : columns) {
                    if (!Objects.equals(cell(head, column), cell(r, column))) {
                        errors.add(new LineProblem("", "INCONSISTENT", column + " differs from line " + head.line
                                + " of the same " + (columns == ORDER_COLUMNS ? "order" : "order line"), r.line, column));
                    }
                }
            }
        }

        private ObjectNode build() {
            Row o = rows.get(0);
            consistent(rows, ORDER_COLUMNS);
            ObjectNode root = NODES.objectNode();
            put(root, "/orderId", o, "order_id");
            put(root, "/orderVersion", o, "order_version");
            put(root, "/orderedAt", o, "ordered_at");
            ObjectNode seller = root.putObject("seller");
            put(seller, "/seller/sellerId", o, "seller_id");
            put(seller, "/seller/name", o, "seller_name");
            ObjectNode sa = seller.putObject("address");
            put(sa, "/seller/address/street", o, "seller_street");
            put(sa, "/seller/address/postcode", o, "seller_postcode");
            put(sa, "/seller/address/city", o, "seller_city");
            put(sa, "/seller/address/state", o, "seller_state");
            put(sa, "/seller/address/country", o, "seller_country");
            ArrayNode ids = NODES.arrayNode();
            for (String[] id : new String[][] {{"seller_eori", "EORI"}, {"seller_vat", "VAT"}}) {
                if (cell(o, id[0]) != null) {
                    String p = "/seller/identifiers/" + ids.size();
                    ObjectNode idNode = ids.addObject().put("type", id[1]);
                    put(idNode, p + "/value", o, id[0]);
                }
            }
            if (!ids.isEmpty()) {
                seller.set("identifiers", ids);
            }
            ObjectNode buyer = root.putObject("buyer");
            put(buyer, "/buyer/buyerId", o, "buyer_id");
            put(buyer, "/buyer/name", o, "buyer_name");
            put(buyer, "/buyer/email", o, "buyer_email");
            put(buyer, "/buyer/phone", o, "buyer_phone");
            ObjectNode ship = root.putObject("shippingAddress");
            put(ship, "/shippingAddress/name", o, "ship_to_name");
            ObjectNode st = ship.putObject("address");
            put(st, "/shippingAddress/address/street", o, "ship_to_street");
            put(st, "/shippingAddress/address/houseNumber", o, "ship_to_house_number");
            put(st, "/shippingAddress/address/postcode", o, "ship_to_postcode");
            put(st, "/shippingAddress/address/city", o, "ship_to_city");
            put(st, "/shippingAddress/address/state", o, "ship_to_state");
            put(st, "/shippingAddress/address/country", o, "ship_to_country");
            List<String> buyerAddress = List.of("buyer_street", "buyer_house_number", "buyer_postcode", "buyer_city",
                    "buyer_country");
            if (buyerAddress.stream().allMatch(c -> cell(o, c) == null)) {
                // §6.4: the BUYER address is the ship-to address when the buyer columns are empty
                buyer.set("address", st.deepCopy());
                buyerFromShipTo = true;
            } else {
                ObjectNode ba = buyer.putObject("address");
                put(ba, "/buyer/address/street", o, "buyer_street");
                put(ba, "/buyer/address/houseNumber", o, "buyer_house_number");
                put(ba, "/buyer/address/postcode", o, "buyer_postcode");
                put(ba, "/buyer/address/city", o, "buyer_city");
                put(ba, "/buyer/address/country", o, "buyer_country");
            }
            lines(root);
            ObjectNode charges = NODES.objectNode();
            money(charges, "/charges", "shipping", o, "shipping_amount", "order_currency", false);
            money(charges, "/charges", "insurance", o, "insurance_amount", "order_currency", false);
            if (!charges.isEmpty()) {
                root.set("charges", charges);
            }
            money(root, "", "orderTotal", o, "order_total", "order_currency", true);
            ObjectNode pay = root.putObject("payment");
            put(pay, "/payment/method", o, "payment_method");
            money(pay, "/payment", "amount", o, "payment_amount", "payment_currency", true);
            put(pay, "/payment/paidAt", o, "paid_at");
            put(pay, "/payment/transactionRef", o, "payment_ref");
            ObjectNode vat = root.putObject("vat");
            put(vat, "/vat/scheme", o, "vat_scheme");
            put(vat, "/vat/iossNumber", o, "ioss_number");
            // §6.4: vat_collected is in payment_currency
            money(vat, "/vat", "collected", o, "vat_collected", "payment_currency", false);
            shipments(root);
            return root;
        }

        private void lines(ObjectNode root) {
            Map<String, List<Row>> byLine = new LinkedHashMap<>();
            for (Row r : rows) {
                byLine.computeIfAbsent(String.valueOf(cell(r, "line_id")), k -> new ArrayList<>()).add(r);
            }
            ArrayNode arr = root.putArray("lines");
            cells.put("/lines", new Cell(rows.get(0).line, "line_id"));
            for (List<Row> group : byLine.values()) {
                consistent(group, LINE_COLUMNS);
                Row r = group.get(0);
                String p = "/lines/" + arr.size();
                ObjectNode l = arr.addObject();
                put(l, p + "/lineId", r, "line_id");
                put(l, p + "/sku", r, "sku");
                put(l, p + "/title", r, "title");
                put(l, p + "/quantity", r, "quantity");
                put(l, p + "/unit", r, "unit");
                money(l, p, "unitPrice", r, "unit_price", "line_currency", true);
                money(l, p, "lineTotal", r, "line_total", "line_currency", true);
                money(l, p, "discount", r, "discount_amount", "line_currency", false);
                put(l, p + "/hsCode", r, "hs_code");
                put(l, p + "/originCountry", r, "origin_country");
                put(l, p + "/productUrl", r, "product_url");
                put(l, p + "/unitWeightKg", r, "unit_weight_kg");
                put(l, p + "/manufacturerProductId", r, "manufacturer_product_id");
                put(l, p + "/gtin", r, "gtin");
            }
        }

        private void shipments(ObjectNode root) {
            Map<String, Integer> rowsPerLine = new HashMap<>();
            rows.forEach(r -> rowsPerLine.merge(String.valueOf(cell(r, "line_id")), 1, Integer::sum));
            Map<String, ObjectNode> parcels = new LinkedHashMap<>();
            Map<String, String> parcelPointer = new HashMap<>();
            Set<String> allocated = new java.util.HashSet<>();
            ArrayNode arr = NODES.arrayNode();
            for (Row r : rows) {
                String tracking = cell(r, "tracking_number");
                String carrier = cell(r, "carrier_code");
                String quantity = cell(r, "tracking_quantity");
                if (tracking == null) {
                    if (carrier != null || quantity != null) {
                        errors.add(new LineProblem("", "REQUIRED", "tracking_number is required when "
                                + (carrier != null ? "carrier_code" : "tracking_quantity") + " is given", r.line,
                                "tracking_number"));
                    }
                    continue;
                }
                String key = carrier + " " + PlatformOrder.normaliseTrackingNumber(tracking);
                ObjectNode parcel = parcels.get(key);
                if (parcel == null) {
                    String p = "/shipments/" + arr.size();
                    parcel = arr.addObject();
                    put(parcel, p + "/carrierCode", r, "carrier_code");
                    put(parcel, p + "/trackingNumber", r, "tracking_number");
                    parcel.putArray("lines");
                    parcels.put(key, parcel);
                    parcelPointer.put(key, p);
                }
                String lineId = cell(r, "line_id");
                if (!allocated.add(key + "\n" + lineId)) {
                    errors.add(new LineProblem("", "INCONSISTENT", "line " + lineId + " is listed twice for parcel "
                            + tracking, r.line, "tracking_number"));
                    continue;
                }
                ArrayNode alloc = (ArrayNode) parcel.get("lines");
                String ap = parcelPointer.get(key) + "/lines/" + alloc.size();
                ObjectNode a = alloc.addObject();
                put(a, ap + "/lineId", r, "line_id");
                if (quantity != null) {
                    put(a, ap + "/quantity", r, "tracking_quantity");
                } else if (rowsPerLine.get(String.valueOf(lineId)) == 1) {
                    // a line on one row travels whole in that row's parcel [I]
                    put(a, ap + "/quantity", r, "quantity");
                    cells.put(ap + "/quantity", new Cell(r.line, "tracking_quantity"));
                } else {
                    errors.add(new LineProblem(ap + "/quantity", "REQUIRED", "tracking_quantity is required when line "
                            + lineId + " is split over several rows", r.line, "tracking_quantity"));
                }
            }
            if (!arr.isEmpty()) {
                root.set("shipments", arr);
            }
        }

        private void money(ObjectNode parent, String base, String field, Row r, String amountColumn,
                           String currencyColumn, boolean required) {
            String p = base + "/" + field;
            cells.put(p, new Cell(r.line, amountColumn));
            if (!required && cell(r, amountColumn) == null) {
                return;
            }
            ObjectNode m = parent.putObject(field);
            put(m, p + "/amount", r, amountColumn);
            put(m, p + "/currency", r, currencyColumn);
        }

        /** Sets one member from a cell (absent when empty) and remembers where it came from. */
        private void put(ObjectNode parent, String pointer, Row r, String column) {
            cells.put(pointer, new Cell(r.line, column));
            String v = cell(r, column);
            if (v == null) {
                return;
            }
            String field = pointer.substring(pointer.lastIndexOf('/') + 1);
            if (DECIMAL_COLUMNS.contains(column) && DECIMAL.matcher(v).matches()) {
                parent.set(field, NODES.numberNode(new BigDecimal(v)));
            } else if ("order_version".equals(column) && INTEGER.matcher(v).matches()) {
                parent.put(field, Long.parseLong(v));
            } else {
                // a malformed number stays text: the order reader reports TYPE at this cell
                parent.put(field, v);
            }
        }
    }

    // ---- spill -------------------------------------------------------------------------------------

    /** Bucket files of the hash partition by order id; rows are written with their line numbers. */
    private static final class Spill {
        private final Path dir;
        private final DataOutputStream[] out = new DataOutputStream[BUCKETS];

        Spill(Path dir) {
            this.dir = dir;
        }

        void write(Row r) throws IOException {
            int b = Math.floorMod(r.orderId.hashCode(), BUCKETS);
            if (out[b] == null) {
                out[b] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(b)), 8192));
            }
            DataOutputStream d = out[b];
            d.writeInt(r.line);
            d.writeInt(r.lastLine);
            writeString(d, r.orderId);
            writeString(d, r.problem);
            writeString(d, r.detail);
            d.writeInt(r.cells == null ? -1 : r.cells.length);
            if (r.cells != null) {
                for (String c : r.cells) {
                    writeString(d, c);
                }
            }
        }

        void closeWriters() throws IOException {
            for (DataOutputStream d : out) {
                if (d != null) {
                    d.close();
                }
            }
        }

        List<Row> readBucket(int b) throws IOException {
            List<Row> rows = new ArrayList<>();
            if (out[b] == null) {
                return rows;
            }
            try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(file(b)), 65536))) {
                while (true) {
                    int line;
                    try {
                        line = d.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    int last = d.readInt();
                    String orderId = readString(d);
                    String problem = readString(d);
                    String detail = readString(d);
                    int n = d.readInt();
                    String[] cells = n < 0 ? null : new String[n];
                    for (int i = 0; i < n; i++) {
                        cells[i] = readString(d);
                    }
                    rows.add(new Row(line, last, cells, orderId, problem, detail));
                }
            }
            Files.deleteIfExists(file(b));
            return rows;
        }

        void delete() throws IOException {
            closeWriters();
            for (int b = 0; b < BUCKETS; b++) {
                Files.deleteIfExists(file(b));
            }
            Files.deleteIfExists(dir);
        }

        private Path file(int b) {
            return dir.resolve("bucket-" + b);
        }

        private static void writeString(DataOutputStream d, String s) throws IOException {
            if (s == null) {
                d.writeInt(-1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            d.writeInt(bytes.length);
            d.write(bytes);
        }

        private static String readString(DataInputStream d) throws IOException {
            int n = d.readInt();
            if (n < 0) {
                return null;
            }
            byte[] bytes = new byte[n];
            d.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
