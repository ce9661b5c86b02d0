package org.clearway.routes.ingress.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.clearway.routes.ingress.CountingInputStream;
import org.clearway.routes.support.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * Writes a bulk upload body to a file while checking the transport-level rules of PARTNER-APIS
 * §6.1 on the fly (nothing is held in memory): decompressed size (§1.3, 413), line count (413),
 * the gzip ratio (413), strict UTF-8 (§1.4, 400 {@code invalid-encoding}); it also hashes the
 * decompressed bytes for the idempotency fingerprint (§1.2) and keeps the first line (the CSV
 * header). The file is forced to disk before it is renamed into place, so a 202 is only sent for
 * a durable upload.
 */
final class UploadSpool {
    /** The spooled file and what was learnt while writing it. */
    record Spooled(Path file, long bytes, long lines, String sha256, String firstLine) {
    }

    private static final int CHUNK = 64 * 1024;

    private UploadSpool() {
    }

    static Spooled write(InputStream raw, boolean gzip, Path target, long maxBytes, long maxLines, int maxLineBytes,
                         int maxRatio) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.createDirectories(target.getParent());
        CountingInputStream counted = new CountingInputStream(raw);
        MessageDigest sha = sha256();
        Utf8Check utf8 = new Utf8Check();
        byte[] head = new byte[Math.min(maxLineBytes, 1 << 20)];
        int headLength = 0;
        boolean headDone = false;
        long total = 0;
        long newlines = 0;
        int last = -1;
        boolean ok = false;
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(channel)) {
            InputStream in = gzip ? new GZIPInputStream(counted, CHUNK) : counted;
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge("the upload exceeds " + maxBytes + " bytes");
                }
                // zip-bomb guard (§1.3): small bodies (< 1 KiB inflated) are never a bomb
                if (gzip && total > 1024 && total > (long) maxRatio * Math.max(1, counted.count())) {
                    throw tooLarge("the gzip body inflates more than " + maxRatio + ":1; refused");
                }
                if (!utf8.accept(buf, n)) {
                    throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-encoding",
                            "the upload is not valid UTF-8 (byte " + (total - n + utf8.badAt + 1) + ")");
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        newlines++;
                        headDone = true;
                    } else if (!headDone && headLength < head.length) {
                        head[headLength++] = buf[i];
                    }
                }
                if (newlines > maxLines) {
                    throw tooLarge("the upload has more than " + maxLines + " lines");
                }
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
                last = buf[n - 1];
            }
            if (!utf8.complete()) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-encoding", "the upload ends inside a UTF-8 sequence");
            }
            long lines = newlines + (total > 0 && last != '\n' ? 1 : 0);
            if (lines > maxLines) {
                throw tooLarge("the upload has more than " + maxLines + " lines");
            }
            out.flush();
            channel.force(true);
            ok = true;
            String first = new String(Arrays.copyOf(head, headLength), StandardCharsets.UTF_8);
            if (first.endsWith("\r")) {
                first = first.substring(0, first.length() - 1);
            }
            return new Spooled(target, total, lines, HexFormat.of().formatHex(sha.digest()), first);
        } catch (ZipException | java.io.EOFException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-encoding",
                    "the body is declared gzip but is not a complete gzip stream: " + e.getMessage());
        } finally {
            if (ok) {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(part);
            }
        }
    }

    private static ApiProblem tooLarge(String detail) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", detail);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Incremental strict UTF-8 check (Unicode Table 3-7: no overlongs, no surrogates, ≤ U+10FFFF). */
    static final class Utf8Check {
        private int need;
        private int lo = 0x80;
        private int hi = 0xBF;
        int badAt;

        boolean accept(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                int x = b[i] & 0xFF;
                if (need == 0) {
                    if (x < 0x80) {
                        continue;
                    }
                    if (x >= 0xC2 && x <= 0xDF) {
                        need = 1;
                    } else if (x == 0xE0) {
                        need = 2;
                        lo = 0xA0;
                    } else if ((x >= 0xE1 && x <= 0xEC) || x == 0xEE || x == 0xEF) {
                        need = 2;
                    } else if (x == 0xED) {
                        need = 2;
                        hi = 0x9F;
                    } else if (x == 0xF0) {
                        need = 3;
                        lo = 0x90;
                    } else if (x >= 0xF1 && x <= 0xF3) {
                        need = 3;
                    } else if (x == 0xF4) {
                        need = 3;
                        hi = 0x8F;
                    } else {
                        badAt = i;
                        return false;
                    }
                } else {
                    if (x < lo || x > hi) {
                        badAt = i;
                        return false;
                    }
                    need--;
                    lo = 0x80;
                    hi = 0xBF;
                }
            }
            return true;
        }

        boolean complete() {
            return need == 0;
        }
    }
}
