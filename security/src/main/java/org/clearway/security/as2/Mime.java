package org.clearway.security.as2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The small part of MIME (RFC 2045, RFC 2046 §5.1) that AS2 needs, kept on raw bytes so that a
 * signature is checked over exactly the bytes received (RFC 1847 §2.1) rather than over a
 * re-serialisation. Headers are read as ISO-8859-1 and unfolded; bodies are never altered.
 */
final class Mime {
    static final String CRLF = "\r\n";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private Mime() {}

    /** A parsed Content-Type: lower-case type/subtype, parameters with lower-case names, values unquoted. */
    record ContentType(String mimeType, Map<String, String> parameters) {
        String parameter(String name) {
            return parameters.get(name.toLowerCase(Locale.ROOT));
        }

        boolean is(String type) {
            return mimeType.equals(type);
        }

        static ContentType parse(String value) {
            Objects.requireNonNull(value, "Content-Type");
            List<String> pieces = splitOutsideQuotes(value, ';');
            String type = pieces.get(0).trim().toLowerCase(Locale.ROOT);
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String piece : pieces.subList(1, pieces.size())) {
                int equals = piece.indexOf('=');
                if (equals > 0) {
                    String name = piece.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                    String parameterValue = piece.substring(equals + 1).trim();
                    if (parameterValue.length() >= 2 && parameterValue.startsWith("\"") && parameterValue.endsWith("\"")) {
                        parameterValue = parameterValue.substring(1, parameterValue.length() - 1).replace("\\\"", "\"");
                    }
                    parameters.putIfAbsent(name, parameterValue);
                }
            }
            return new ContentType(type, Map.copyOf(parameters));
        }
    }

    /**
     * One MIME entity: its headers (lower-case names, unfolded values; the first of repeated ones)
     * and its exact bytes, of which the body starts at {@code bodyOffset}.
     */
    record Entity(Map<String, String> headers, byte[] raw, int bodyOffset) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        ContentType contentType() {
            String value = header("Content-Type");
            // RFC 2045 §5.2 default
            return ContentType.parse(value == null ? "text/plain; charset=us-ascii" : value);
        }

        /** The body with its Content-Transfer-Encoding removed. */
        byte[] decodedBody() {
            byte[] body = java.util.Arrays.copyOfRange(raw, bodyOffset, raw.length);
            return decode(body, header("Content-Transfer-Encoding"));
        }
    }

    /** Parses headers up to the first empty line (CRLF or bare LF). */
    static Entity parseEntity(byte[] raw) {
        if (raw.length >= 2 && raw[0] == '\r' && raw[1] == '\n') {
            return new Entity(Map.of(), raw, 2);
        }
        if (raw.length >= 1 && raw[0] == '\n') {
            return new Entity(Map.of(), raw, 1);
        }
        int end = -1;
        int bodyOffset = -1;
        for (int i = 0; i < raw.length && i < MAX_HEADER_BYTES; i++) {
            if (raw[i] == '\n') {
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    end = i;
                    bodyOffset = i + 2;
                    break;
                }
                if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                    end = i;
                    bodyOffset = i + 3;
                    break;
                }
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("MIME entity without the empty line that ends its headers");
        }
        String block = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        Map<String, String> headers = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : block.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                headers.putIfAbsent(name, value.toString().trim());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed MIME header line: " + abbreviate(line));
            }
            name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line.substring(colon + 1));
        }
        if (name != null) {
            headers.putIfAbsent(name, value.toString().trim());
        }
        return new Entity(Map.copyOf(headers), raw, bodyOffset);
    }

    /**
     * Splits a multipart body into the exact bytes of its body parts (RFC 2046 §5.1.1: the CRLF
     * before a delimiter belongs to the delimiter). Preamble and epilogue are dropped.
     */
    static List<byte[]> splitMultipart(byte[] body, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("multipart without a valid boundary parameter");
        }
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int delimiter = findDelimiter(body, dashBoundary, 0);
        if (delimiter < 0) {
            throw new IllegalArgumentException("multipart body without its boundary");
        }
        int position = delimiter + dashBoundary.length;
        while (true) {
            if (startsWith(body, position, "--".getBytes(StandardCharsets.ISO_8859_1))) {
                return parts;
            }
            int partStart = skipLine(body, position);
            if (partStart < 0) {
                throw new IllegalArgumentException("truncated multipart body");
            }
            int next = findDelimiter(body, dashBoundary, partStart);
            if (next < 0) {
                throw new IllegalArgumentException("multipart body without its closing boundary");
            }
            int partEnd = next;
            if (partEnd > partStart && body[partEnd - 1] == '\n') {
                partEnd--;
                if (partEnd > partStart && body[partEnd - 1] == '\r') {
                    partEnd--;
                }
            }
            parts.add(java.util.Arrays.copyOfRange(body, partStart, partEnd));
            position = next + dashBoundary.length;
        }
    }

    /** Index of "--boundary" at the start of {@code body} or right after a line break, from {@code from}. */
    private static int findDelimiter(byte[] body, byte[] dashBoundary, int from) {
        for (int i = from; i <= body.length - dashBoundary.length; i++) {
            if ((i == 0 || body[i - 1] == '\n') && startsWith(body, i, dashBoundary)) {
                return i;
            }
        }
        return -1;
    }

    private static int skipLine(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] body, int offset, byte[] prefix) {
        if (offset + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] decode(byte[] body, String transferEncoding) {
        String encoding = transferEncoding == null ? "binary" : transferEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "binary", "7bit", "8bit" -> body;
            case "base64" -> Base64.getMimeDecoder().decode(body);
            case "quoted-printable" -> decodeQuotedPrintable(body);
            default -> throw new IllegalArgumentException("unsupported Content-Transfer-Encoding " + encoding);
        };
    }

    private static byte[] decodeQuotedPrintable(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '=' && i + 1 < body.length && (body[i + 1] == '\r' || body[i + 1] == '\n')) {
                i += body[i + 1] == '\r' && i + 2 < body.length && body[i + 2] == '\n' ? 2 : 1;
            } else if (b == '=' && i + 2 < body.length) {
                out.write(HexFormat.fromHexDigits(new String(body, i + 1, 2, StandardCharsets.US_ASCII)));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Headers (name, value pairs, in order) + empty line + body. */
    static byte[] entity(byte[] body, String... headerNamesAndValues) {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            headers.append(headerNamesAndValues[i]).append(": ").append(headerNamesAndValues[i + 1]).append(CRLF);
        }
        headers.append(CRLF);
        byte[] head = headers.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** A multipart body of the given parts (each a complete entity) with a closing delimiter. */
    static byte[] multipart(String boundary, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(("--" + boundary + CRLF).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part);
            out.writeBytes(CRLF.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A boundary that cannot occur in base64 or in printable EDIFACT by accident. */
    static String newBoundary() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return "----=_Clearway_" + HexFormat.of().formatHex(random);
    }

    /** Base64 in lines of 76 characters (RFC 2045 §6.8). */
    static byte[] base64Lines(byte[] data) {
        return Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.ISO_8859_1)).encode(data);
    }

    static List<String> splitOutsideQuotes(String value, char separator) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        pieces.add(current.toString());
        return pieces;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
