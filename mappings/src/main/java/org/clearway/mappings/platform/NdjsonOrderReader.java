package org.clearway.mappings.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an NDJSON bulk upload (PARTNER-APIS §6.1, {@code application/x-ndjson}) line by line from
 * a stream and hands one {@link OrderResult} per non-empty line to a sink, so memory does not grow
 * with the file. Each line is validated independently by {@link PlatformOrderReader}; empty lines
 * are skipped, a final line without {@code \n} counts, CRLF is accepted. A line over
 * {@code maxLineBytes} is {@code line-too-long} (§1.3), one that is not UTF-8 {@code invalid-encoding}
 * (§1.4; a UTF-8 BOM is tolerated on CSV only, so here it makes line 1 malformed), bad JSON
 * {@code malformed-json} with its column in the detail (§6.1 example).
 */
public final class NdjsonOrderReader {
    private final PlatformOrderReader orders = new PlatformOrderReader();
    private final int maxLineBytes;

    public NdjsonOrderReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads every line of {@code in}; returns the number of non-empty lines. */
    public long read(InputStream in, Consumer<OrderResult> sink) throws IOException {
        ByteLines lines = new ByteLines(in, maxLineBytes);
        long count = 0;
        ByteLines.Line l;
        while ((l = lines.next()) != null) {
            if (l.text() != null && ByteLines.blank(l.text())) {
                continue;
            }
            count++;
            sink.accept(readLine(l));
        }
        return count;
    }

    private OrderResult readLine(ByteLines.Line l) {
        int n = l.number();
        if (l.tooLong()) {
            return OrderResult.rejected(n, null, "line-too-long", List.of(new LineProblem("", "MAX_LENGTH",
                    "line has " + l.bytes() + " bytes; at most " + maxLineBytes + " allowed", n, null)));
        }
        if (l.badEncoding()) {
            return OrderResult.rejected(n, null, "invalid-encoding", List.of(new LineProblem("", "FORMAT",
                    "line is not valid UTF-8", n, null)));
        }
        PlatformOrderReader.Result r = orders.read(l.text());
        List<LineProblem> errors = new ArrayList<>();
        for (LineProblem p : r.errors()) {
            // a syntax error's position inside the line goes into the detail; line = the physical line
            errors.add(new LineProblem(p.pointer(), p.code(), p.line() != null
                    ? p.detail().replaceFirst(" at line 1, column ", " at column ") : p.detail(), n, null));
        }
        List<LineProblem> warnings = r.warnings().stream()
                .map(p -> new LineProblem(p.pointer(), p.code(), p.detail(), n, null)).toList();
        return new OrderResult(n, List.of(n), r.orderId(), r.order(), r.json(), r.problem(), errors, warnings);
    }
}
