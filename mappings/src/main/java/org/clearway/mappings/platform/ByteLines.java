package org.clearway.mappings.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into physical lines (LF or CRLF; a final line without a line end counts)
 * without holding more than one line: a line longer than {@code maxLineBytes} is skipped to its end
 * and reported as too long, and each line is decoded as strict UTF-8 on its own, so one bad line
 * does not spoil the rest (PARTNER-APIS §1.3 {@code line-too-long}, §1.4).
 */
final class ByteLines {
    /**
     * One physical line: 1-based number, text (null when too long or not UTF-8), its byte length,
     * and for a line that could not be used a lossy decoding of its start (to report which order it
     * belonged to, never to accept it).
     */
    record Line(int number, String text, long bytes, boolean tooLong, boolean badEncoding, String salvage) {
        Line(int number, String text, long bytes) {
            this(number, text, bytes, false, false, null);
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private int number;
    private byte[] line = new byte[1024];
    private boolean eof;

    ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        int length = 0;
        long total = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            total += n;
            // keep at most the limit (+1 for a CR before LF); the rest of a too-long line is only counted
            int keep = (int) Math.min(n, Math.max(0, maxLineBytes + 1L - length));
            if (keep > 0) {
                if (length + keep > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + keep));
                }
                System.arraycopy(buffer, start, line, length, keep);
                length += keep;
            }
            if (pos < limit) {
                pos++; // the LF
                break;
            }
        }
        number++;
        if (length > 0 && total <= maxLineBytes + 1L && line[length - 1] == '\r') {
            length--;
            total--;
        }
        if (total > maxLineBytes) {
            return new Line(number, null, total, true, false, lossy(Math.min(length, 4096)));
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, length));
            return new Line(number, chars.toString(), total);
        } catch (CharacterCodingException e) {
            return new Line(number, null, total, false, true, lossy(Math.min(length, 4096)));
        }
    }

    private String lossy(int length) {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            eof = n < 0;
            if (n == 0) {
                return fill();
            }
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Whether the text holds nothing but spaces and tabs (an empty line, skipped, §6.1). */
    static boolean blank(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
