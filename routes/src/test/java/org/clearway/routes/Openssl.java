package org.clearway.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the real {@code openssl cms -verify} the way a customs backend would (CUSTOMS-AND-POSTAL §3.2). */
final class Openssl {
    private Openssl() {
    }

    /** @return openssl's exit code: 0 when the detached signature verifies against the published chain */
    static int verifyDetached(byte[] content, byte[] signatureDer, String caPem) {
        try {
            Path dir = Files.createTempDirectory("cms-verify");
            Path decl = Files.write(dir.resolve("decl.json"), content);
            Path sig = Files.write(dir.resolve("decl.json.p7s"), signatureDer);
            Path ca = Files.writeString(dir.resolve("ca.pem"), caPem, StandardCharsets.US_ASCII);
            Process p = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER",
                    "-in", sig.toString(), "-content", decl.toString(), "-CAfile", ca.toString(),
                    "-purpose", "any", "-out", "/dev/null")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run openssl", e);
        }
    }
}
