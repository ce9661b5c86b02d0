package org.clearway.routes.ingress.express;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.clearway.routes.ingress.CountingInputStream;
import org.clearway.routes.support.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * Reads a partner-API request body under the PARTNER-APIS §1.3 limits before any parsing: the
 * declared {@code Content-Length}, then a streaming count of the (decompressed) bytes, so a chunked
 * or gzip body is cut off as soon as it crosses the limit. {@code Content-Encoding: gzip} is
 * decompressed on the fly and refused past the configured compression ratio (a zip bomb never
 * inflates beyond the limit). Other encodings are 415.
 */
public final class RequestBodies {
    private static final int CHUNK = 16 * 1024;

    private RequestBodies() {
    }

    /**
     * @param limit    the maximum number of (decompressed) bytes
     * @param maxRatio the maximum decompressed/compressed ratio for gzip bodies
     */
    public static byte[] read(HttpServletRequest request, long limit, int maxRatio) throws IOException {
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = false;
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            if (!encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
                throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                        "Content-Encoding " + encoding + " is not supported; send identity or gzip");
            }
            gzip = true;
        }
        long declared = request.getContentLengthLong();
        if (!gzip && declared > limit) {
            throw tooLarge(limit, "Content-Length " + declared);
        }
        try (InputStream raw = request.getInputStream()) {
            return gzip ? inflate(raw, limit, maxRatio) : readCapped(raw, limit);
        }
    }

    static byte[] readCapped(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit, "body");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static byte[] inflate(InputStream raw, long limit, int maxRatio) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(counted, CHUNK)) {
            byte[] buf = new byte[CHUNK];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit, "decompressed body");
                }
                // ratio against what was read so far; small bodies (< 1 KiB inflated) are never a bomb
                if (total > 1024 && total > (long) maxRatio * Math.max(1, counted.count())) {
                    throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                            "the gzip body inflates more than " + maxRatio + ":1; refused");
                }
                out.write(buf, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json",
                    "the body is declared gzip but is not a complete gzip stream: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** Decodes strict UTF-8; anything else is 400 {@code invalid-encoding} (§1.4). */
    public static String utf8(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            // §1.4: a UTF-8 BOM is tolerated on CSV only
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-encoding",
                    "the body starts with a UTF-8 byte order mark; JSON bodies must not (PARTNER-APIS §1.4)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-encoding", "the body is not valid UTF-8");
        }
    }

    /** The request's media type must be {@code expected} (parameters such as charset=utf-8 allowed), else 415. */
    public static void requireMediaType(HttpServletRequest request, String expected) {
        String ct = request.getContentType();
        String base = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals(expected)) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Content-Type must be " + expected + " (got " + (ct == null ? "none" : ct) + ")");
        }
        if (ct.toLowerCase(Locale.ROOT).contains("charset=") && !ct.toLowerCase(Locale.ROOT).replace(" ", "")
                .matches(".*charset=\"?utf-8\"?.*")) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "only charset=utf-8 is accepted (got " + ct + ")");
        }
    }

    private static ApiProblem tooLarge(long limit, String what) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                what + " exceeds the limit of " + limit + " bytes");
    }
}
