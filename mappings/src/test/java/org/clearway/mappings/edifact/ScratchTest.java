package org.clearway.mappings.edifact;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void dump() {
        var scanner = new InterchangeScanner(ScanOptions.permissive());
        for (String f : new String[] {"01-minimal-item.edi", "02-two-items-three-pieces.edi", "03-many-content-pieces.edi",
                "04-multi-message-crlf.edi", "05-una-custom-separators.edi", "06-release-characters.edi", "07-unoc-latin1.edi",
                "08-unoy-utf8-v4.edi", "09-decimal-comma-crlf.edi", "10-cusrsp-release-and-taxes.edi", "11-cusrsp-hold-rfi-dnl-reject.edi", "12-contrl-negative.edi"}) {
            var r = scanner.scan(Samples.bytes(f), MessageSink.discard());
            System.err.println(f + " -> " + r.interchangeError() + " " + r.notEdifact());
            r.messages().forEach(m -> System.err.println("   " + m));
        }
    }
}
