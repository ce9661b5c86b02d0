package org.clearway.mappings.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSV uploads (§6.4): rows are grouped into orders wherever they are in the file (in memory or
 * through the spill), every problem points at its physical line and column, and a bad row rejects
 * only its own order.
 */
class PlatformCsvReaderTest {
    private static final String SAMPLE = new String(PlatformSamples.bytes("platform-orders.csv"), StandardCharsets.UTF_8);

    @TempDir
    Path spill;

    private List<OrderResult> read(String csv, int maxBufferedRows) throws Exception {
        return read(csv.getBytes(StandardCharsets.UTF_8), maxBufferedRows, 1 << 20);
    }

    private List<OrderResult> read(byte[] csv, int maxBufferedRows, int maxLineBytes) throws Exception {
        List<OrderResult> out = new ArrayList<>();
        new CsvOrderReader(maxLineBytes, maxBufferedRows, spill).read(new ByteArrayInputStream(csv), out::add);
        out.sort(Comparator.comparingInt(OrderResult::line));
        return out;
    }

    private static List<String> lines() {
        return List.of(SAMPLE.split("\r?\n"));
    }

    /** The sample with one cell of physical line {@code row + 1} changed. */
    private static String edited(int row, String column, String value) {
        List<String> l = new ArrayList<>(lines());
        List<String> header = List.of(l.get(0).split(","));
        int col = header.indexOf(column);
        List<String> cells = new ArrayList<>(splitSimple(l.get(row)));
        cells.set(col, value);
        l.set(row, String.join(",", cells));
        return String.join("\n", l) + "\n";
    }

    /** Splits a sample row whose quoted cells contain commas, keeping the quoting as it was. */
    private static List<String> splitSimple(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (char c : row.toCharArray()) {
            if (c == '"') {
                q = !q;
            }
            if (c == ',' && !q) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @ParameterizedTest(name = "buffered rows {0}")
    @ValueSource(ints = {10_000, 1})
    void theSampleGivesTwoOrdersAndTheSplitAllocation(int maxBufferedRows) throws Exception {
        List<OrderResult> results = read(SAMPLE, maxBufferedRows);
        assertThat(results).hasSize(2).allMatch(OrderResult::valid);
        assertThat(Files.list(spill)).isEmpty();
        OrderResult kb10 = results.get(0);
        assertThat(kb10.orderId()).isEqualTo("KB-77810");
        assertThat(kb10.lines()).containsExactly(2);
        assertThat(kb10.order().shipments()).singleElement().satisfies(s -> {
            assertThat(s.trackingNumber()).isEqualTo("5550001113");
            assertThat(s.lines()).containsExactly(new PlatformOrder.Allocation("KB-77810-1", new BigDecimal("3")));
        });
        PlatformOrder kb11 = results.get(1).order();
        assertThat(results.get(1).lines()).containsExactly(3, 4, 5);
        assertThat(kb11.buyer().name()).isEqualTo("Łukasz Wójcik");
        assertThat(kb11.buyer().address().street()).isEqualTo("ul. Marszałkowska");
        assertThat(kb11.buyer().address().houseNumber()).isEqualTo("84/92");
        assertThat(kb11.lines()).extracting(PlatformOrder.Line::title)
                .containsExactly("Serum \"Glow\" with niacinamide, 30 ml", "Toner, hydrating, 150 ml bottle");
        assertThat(kb11.lines().get(0).unitPrice()).isEqualTo(new PlatformOrder.Money(new BigDecimal("22000"), "KRW"));
        assertThat(kb11.payment().amount()).isEqualTo(new PlatformOrder.Money(new BigDecimal("44.24"), "EUR"));
        assertThat(kb11.vat().collected()).isEqualTo(new PlatformOrder.Money(new BigDecimal("7.69"), "EUR"));
        assertThat(kb11.seller().address().postcode()).isEqualTo("06234");
        Map<String, List<PlatformOrder.Allocation>> parcels = kb11.shipments().stream()
                .collect(Collectors.toMap(PlatformOrder.Shipment::trackingNumber, PlatformOrder.Shipment::lines));
        assertThat(parcels.get("5550001114")).containsExactly(new PlatformOrder.Allocation("KB-77811-1", BigDecimal.ONE));
        assertThat(parcels.get("5550001115")).containsExactly(new PlatformOrder.Allocation("KB-77811-1", BigDecimal.ONE),
                new PlatformOrder.Allocation("KB-77811-2", BigDecimal.ONE));
    }

    @ParameterizedTest(name = "buffered rows {0}")
    @ValueSource(ints = {10_000, 2})
    void rowsOfOneOrderNeedNotBeContiguousAndColumnsMayBeReordered(int maxBufferedRows) throws Exception {
        List<String> l = lines();
        // columns reversed, BOM, CRLF, rows interleaved: KB-77811, KB-77810, KB-77811, KB-77811
        List<String> rows = List.of(l.get(0), l.get(2), l.get(1), l.get(3), l.get(4));
        String csv = "\uFEFF" + rows.stream().map(r -> {
            List<String> cells = new ArrayList<>(splitSimple(r));
            java.util.Collections.reverse(cells);
            return String.join(",", cells);
        }).collect(Collectors.joining("\r\n"));
        List<OrderResult> results = read(csv, maxBufferedRows);
        assertThat(results).extracting(OrderResult::orderId).containsExactly("KB-77811", "KB-77810");
        assertThat(results).allMatch(OrderResult::valid);
        assertThat(results.get(0).lines()).containsExactly(2, 4, 5);
        assertThat(results.get(0).order().lines()).hasSize(2);
    }

    @Test
    void missingRequiredColumnsRefuseTheWholeFile() {
        String csv = SAMPLE.replace("order_total,", "total,").replace(",vat_scheme,", ",scheme,");
        assertThatThrownBy(() -> read(csv, 10)).isInstanceOfSatisfying(CsvOrderReader.HeaderException.class, e ->
                assertThat(e.problems()).extracting(LineProblem::column).containsExactly("order_total", "vat_scheme"));
    }

    @Test
    void unknownColumnsAreWarnings() throws Exception {
        CsvOrderReader.Header h = CsvOrderReader.header(lines().get(0) + ",gift_note");
        assertThat(h.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("UNKNOWN_FIELD");
            assertThat(w.column()).isEqualTo("gift_note");
            assertThat(w.line()).isEqualTo(1);
        });
    }

    @Test
    void inconsistentOrderColumnsRejectTheWholeOrder() throws Exception {
        List<OrderResult> results = read(edited(3, "payment_amount", "44.25"), 100);
        assertThat(results.get(0).valid()).isTrue();
        OrderResult kb11 = results.get(1);
        assertThat(kb11.problem()).isEqualTo("validation-error");
        assertThat(kb11.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("INCONSISTENT");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo("payment_amount");
        });
    }

    @Test
    void inconsistentLineColumnsAreReported() throws Exception {
        OrderResult kb11 = read(edited(3, "quantity", "3"), 100).get(1);
        assertThat(kb11.errors()).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo("INCONSISTENT");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo("quantity");
        });
    }

    @Test
    void overAllocationIsReportedAtTheTrackingQuantity() throws Exception {
        OrderResult kb11 = read(edited(3, "tracking_quantity", "2"), 100).get(1);
        assertThat(kb11.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("ALLOCATION_EXCEEDS_QUANTITY");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo("tracking_quantity");
        });
    }

    @Test
    void wrongTypesAndFormatsPointAtTheirCell() throws Exception {
        String csv = edited(2, "quantity", "15");
        csv = csv.replace("KB-77810,1,", "KB-77810,one,");
        List<OrderResult> results = read(csv.replace(",15000,45000,", ",15 000,45000,"), 100);
        Function<OrderResult, List<String>> where = r -> r.errors().stream()
                .map(e -> e.line() + ":" + e.column() + ":" + e.code()).toList();
        assertThat(where.apply(results.get(0))).containsExactlyInAnyOrder("2:order_version:TYPE", "2:unit_price:TYPE");
        assertThat(where.apply(results.get(1))).containsExactly("4:quantity:INCONSISTENT");
    }

    @Test
    void missingRequiredCellIsRequiredAtItsColumn() throws Exception {
        OrderResult kb10 = read(edited(1, "ship_to_city", ""), 100).get(0);
        assertThat(kb10.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("REQUIRED");
            assertThat(e.column()).isEqualTo("ship_to_city");
            assertThat(e.pointer()).isEqualTo("/shippingAddress/address/city");
        });
    }

    @Test
    void badQuotingRejectsOnlyItsOrderAndReadingGoesOn() throws Exception {
        List<String> l = new ArrayList<>(lines());
        l.set(2, l.get(2).replace("\"Serum \"\"Glow\"\" with niacinamide, 30 ml\"", "\"Serum \"Glow\" with niacinamide\""));
        List<OrderResult> results = read(String.join("\n", l), 100);
        assertThat(results).extracting(OrderResult::orderId).containsExactly("KB-77810", "KB-77811");
        assertThat(results.get(0).valid()).isTrue();
        assertThat(results.get(1).problem()).isEqualTo("validation-error");
        assertThat(results.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.detail()).contains("text after the closing quote");
        });
    }

    @Test
    void aQuoteLeftOpenRejectsItsOwnRowOnlyAndTheSwallowedRowsAreReadAgain() throws Exception {
        String csv = lines().get(0) + "\n" + lines().get(1).replace("50 ml jar\"", "50 ml jar") + "\n"
                + String.join("\n", lines().subList(2, 5)) + "\n";
        List<OrderResult> results = read(csv.getBytes(StandardCharsets.UTF_8), 100, 4000);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).problem()).isEqualTo("validation-error");
        assertThat(results.get(0).orderId()).isEqualTo("KB-77810");
        assertThat(results.get(0).lines()).containsExactly(2);
        assertThat(results.get(1).valid()).isTrue();
        assertThat(results.get(1).lines()).containsExactly(3, 4, 5);
    }

    @Test
    void quotedFieldsMaySpanLines() throws Exception {
        List<OrderResult> results = read(edited(1, "title", "\"Face cream,\nmoisturising\""), 100);
        assertThat(results.get(0).valid()).isTrue();
        assertThat(results.get(0).order().lines().get(0).title()).isEqualTo("Face cream,\nmoisturising");
        assertThat(results.get(1).line()).isEqualTo(4);
    }

    @Test
    void wrongFieldCountRowWithoutOrderIdStandsAlone() throws Exception {
        String csv = lines().get(0) + "\n,x,y\n" + String.join("\n", lines().subList(1, 5));
        List<OrderResult> results = read(csv, 100);
        assertThat(results).hasSize(3);
        assertThat(results.get(0).line()).isEqualTo(2);
        assertThat(results.get(0).orderId()).isNull();
        assertThat(results.get(0).errors().get(0).detail()).contains("3 fields");
        assertThat(results.subList(1, 3)).allMatch(OrderResult::valid);
    }

    @Test
    void tooLongAndNonUtf8RowsRejectTheirOrder() throws Exception {
        List<String> l = lines();
        byte[] bad = l.get(3).replace("Łukasz", "L?ukasz").getBytes(StandardCharsets.UTF_8);
        int at = new String(bad, StandardCharsets.UTF_8).indexOf('?');
        bad[at] = (byte) 0xFF;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes((l.get(0) + "\n" + l.get(1).replace("Face cream", "Face cream" + "!".repeat(900)) + "\n"
                + l.get(2) + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(("\n" + l.get(4)).getBytes(StandardCharsets.UTF_8));
        List<OrderResult> results = read(out.toByteArray(), 100, 1000);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).problem()).isEqualTo("line-too-long");
        assertThat(results.get(0).orderId()).isEqualTo("KB-77810");
        assertThat(results.get(1).problem()).isEqualTo("invalid-encoding");
        assertThat(results.get(1).orderId()).isEqualTo("KB-77811");
        assertThat(results.get(1).errors().get(0).line()).isEqualTo(4);
    }

    @Test
    void emptyLinesAreSkippedAndAFinalRowWithoutNewlineCounts() throws Exception {
        String csv = lines().get(0) + "\n\n" + lines().get(1) + "\n   \n" + String.join("\n", lines().subList(2, 5));
        List<OrderResult> results = read(csv, 100);
        assertThat(results).allMatch(OrderResult::valid);
        assertThat(results.get(1).lines()).containsExactly(5, 6, 7);
    }
}
