package org.clearway.mappings.edifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits an interchange into raw segments while streaming, keeping each segment's exact bytes
 * (tag to terminator, plus the CR/LF that follow it, MIG GW10 §3.5). Service characters are
 * single ASCII bytes, so scanning bytes is safe for UTF-8 (UNOY) too: no byte of a multi-byte
 * sequence is below 0x80. Honours the release character (§3.2) and counts bytes for the size limit.
 */
final class SegmentTokenizer {

    /** No GW10 segment comes near this (largest: NAD, FTX, COM); guards memory against garbage. */
    static final int MAX_SEGMENT_BYTES = 64 * 1024;

    /** End of data inside a segment (MIG §7.1 X004). */
    static final class TruncatedException extends Exception {
        TruncatedException(String message) {
            super(message);
        }
    }

    /** More than the configured number of bytes (X019). */
    static final class SizeLimitException extends Exception {
        SizeLimitException(String message) {
            super(message);
        }
    }

    /** No terminator within {@link #MAX_SEGMENT_BYTES}. */
    static final class SegmentTooLongException extends Exception {
        SegmentTooLongException(String message) {
            super(message);
        }
    }

    /** Raw bytes of one segment; {@code dataLength} excludes the terminator and trailing line breaks. */
    record RawSegment(byte[] bytes, int dataLength) {}

    private final InputStream in;
    private final long maxBytes;
    private final byte terminator;
    private final byte release;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long consumed;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);

    SegmentTokenizer(InputStream in, EdifactEnvelope envelope, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.terminator = (byte) envelope.segmentTerminator();
        this.release = (byte) envelope.releaseCharacter();
    }

    long bytesRead() {
        return consumed;
    }

    private int read() throws IOException, SizeLimitException {
        if (pos == limit) {
            limit = in.read(buf, 0, buf.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        consumed++;
        if (consumed > maxBytes) {
            throw new SizeLimitException("interchange exceeds " + maxBytes + " bytes");
        }
        return buf[pos++] & 0xFF;
    }

    private int peek() throws IOException {
        if (pos == limit) {
            limit = in.read(buf, 0, buf.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buf[pos] & 0xFF;
    }

    private void takeLineBreaks() throws IOException, SizeLimitException {
        int next = peek();
        while (next == '\r' || next == '\n') {
            current.write(read());
            next = peek();
        }
    }

    /** Reads the 9-byte UNA service string advice and the line break after it (MIG §3.1). */
    byte[] readUna() throws IOException, SizeLimitException, TruncatedException {
        current.reset();
        for (int i = 0; i < 9; i++) {
            int b = read();
            if (b < 0) {
                throw new TruncatedException("end of data inside UNA");
            }
            current.write(b);
        }
        takeLineBreaks();
        return current.toByteArray();
    }

    /**
     * The next segment, or null at a clean end of data (nothing after the last terminator).
     */
    RawSegment next() throws IOException, SizeLimitException, TruncatedException, SegmentTooLongException {
        current.reset();
        boolean escaped = false;
        while (true) {
            int b = read();
            if (b < 0) {
                if (current.size() == 0) {
                    return null;
                }
                throw new TruncatedException(escaped
                        ? "interchange ends with a release character"
                        : "end of data inside segment " + preview());
            }
            if (!escaped && b == (terminator & 0xFF)) {
                int dataLength = current.size();
                current.write(b);
                takeLineBreaks();
                return new RawSegment(current.toByteArray(), dataLength);
            }
            escaped = !escaped && b == (release & 0xFF);
            current.write(b);
            if (current.size() > MAX_SEGMENT_BYTES) {
                throw new SegmentTooLongException("no segment terminator within " + MAX_SEGMENT_BYTES
                        + " bytes after " + preview());
            }
        }
    }

    private String preview() {
        byte[] bytes = current.toByteArray();
        return new String(Arrays.copyOf(bytes, Math.min(3, bytes.length)), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
