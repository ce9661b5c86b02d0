package org.clearway.mappings.platform;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * RFC 4180 record tokenizer over {@link ByteLines}: comma separator, {@code "} quoting with
 * {@code ""} as escape, quoted fields may span physical lines (the line break is kept as
 * {@code \n}). Malformed quoting (a quote inside an unquoted field, text after a closing quote, a
 * quote left open) makes the record broken. A broken record consumes only its first physical line:
 * the lines it had swallowed are read again as records of their own, so an unbalanced quote never
 * hides the rows after it (they are at most one record limit, {@code maxRecordBytes}, PARTNER-APIS
 * §1.3, so the lines held back are bounded too). Blank lines between records are skipped (§6.1);
 * a UTF-8 BOM before the header is stripped (§6.4).
 */
final class CsvRecords {
    /** One record: first and last physical line, its fields (partial when broken), or the problem that broke it. */
    record Rec(int line, int lastLine, List<String> fields, String problem, String detail) {
        boolean broken() {
            return problem != null;
        }
    }

    private final ByteLines lines;
    private final long maxRecordBytes;
    private final Deque<ByteLines.Line> pending = new ArrayDeque<>();
    private boolean first = true;

    CsvRecords(ByteLines lines, long maxRecordBytes) {
        this.lines = lines;
        this.maxRecordBytes = maxRecordBytes;
    }

    private ByteLines.Line nextLine() throws IOException {
        ByteLines.Line l = pending.isEmpty() ? lines.next() : pending.pollFirst();
        if (first && l != null) {
            first = false;
            if (l.text() != null && l.text().startsWith("\uFEFF")) {
                l = new ByteLines.Line(l.number(), l.text().substring(1), l.bytes() - 3);
            }
        }
        return l;
    }

    /** The next record, or null at the end. */
    Rec next() throws IOException {
        ByteLines.Line l;
        do {
            l = nextLine();
            if (l == null) {
                return null;
            }
        } while (l.text() != null && ByteLines.blank(l.text()));
        List<ByteLines.Line> taken = new ArrayList<>();
        taken.add(l);
        int start = l.number();
        if (l.tooLong()) {
            return broken(taken, salvage(l), "line-too-long", "line " + start + " has " + l.bytes()
                    + " bytes; at most " + maxRecordBytes + " allowed");
        }
        if (l.badEncoding()) {
            return broken(taken, salvage(l), "invalid-encoding", "line " + start + " is not valid UTF-8");
        }
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        boolean afterQuote = false;
        boolean quoted = false;
        long bytes = 0;
        while (true) {
            bytes += l.bytes() + 1;
            String s = l.text();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (inQuotes) {
                    if (c == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            inQuotes = false;
                            afterQuote = true;
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == ',') {
                    fields.add(cur.toString());
                    cur.setLength(0);
                    afterQuote = false;
                    quoted = false;
                } else if (afterQuote) {
                    return broken(taken, fields, "FORMAT", "line " + l.number() + ", field " + (fields.size() + 1)
                            + ": text after the closing quote");
                } else if (c == '"') {
                    if (cur.length() > 0 || quoted) {
                        return broken(taken, fields, "FORMAT", "line " + l.number() + ", field " + (fields.size() + 1)
                                + ": a quote inside an unquoted field (quote the field and double the quote)");
                    }
                    inQuotes = true;
                    quoted = true;
                } else {
                    cur.append(c);
                }
            }
            if (!inQuotes) {
                fields.add(cur.toString());
                return new Rec(start, l.number(), fields, null, null);
            }
            cur.append('\n');
            ByteLines.Line next = nextLine();
            if (next == null) {
                return broken(taken, fields, "FORMAT", "the quoted field opened on line " + start + " is never closed");
            }
            taken.add(next);
            if (next.tooLong() || next.badEncoding() || bytes + next.bytes() > maxRecordBytes) {
                return broken(taken, fields, "FORMAT", "the quoted field opened on line " + start
                        + " is not closed within " + maxRecordBytes + " bytes");
            }
            l = next;
        }
    }

    /** A broken record keeps only its first line; the others are read again. */
    private Rec broken(List<ByteLines.Line> taken, List<String> fields, String problem, String detail) {
        for (int i = taken.size() - 1; i >= 1; i--) {
            pending.addFirst(taken.get(i));
        }
        int line = taken.get(0).number();
        return new Rec(line, line, fields, problem, detail);
    }

    /** The leading fields of an unusable line, split leniently (only to learn its order id). */
    private static List<String> salvage(ByteLines.Line l) {
        List<String> fields = new ArrayList<>();
        String s = l.salvage() == null ? "" : l.salvage();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ',' && !inQuotes) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return fields;
    }
}
