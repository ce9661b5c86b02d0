package org.clearway.mappings.gw10;

import org.clearway.mappings.SampleFiles;

/** Locates the shared GW10 sample interchanges, falling back to the copies in test resources. */
final class Samples {

    private Samples() {
    }

    static byte[] bytes(String name) {
        return SampleFiles.bytes(name, "/gw10/samples/");
    }
}
