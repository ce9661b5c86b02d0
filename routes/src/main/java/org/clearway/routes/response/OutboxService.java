package org.clearway.routes.response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.clearway.mappings.canonical.Ids;
import org.clearway.routes.store.OutboxStore;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Puts CUSRSP and CONTRL interchanges for a postal partner into its outbox and, when the partner
 * uses the drop directory, into {@code out/} as {@code <0020>.<KIND>.edi}, written as
 * {@code .part} and then renamed (CUSTOMS-AND-POSTAL-INTERFACES §2.3-2.4).
 */
@Service
public class OutboxService {
    private static final Logger log = LoggerFactory.getLogger(OutboxService.class);
    public static final String EDIFACT = "application/EDIFACT";

    private final OutboxStore store;
    private final Partners partners;
    private final GatewayProperties properties;
    private final Clock clock;

    public OutboxService(OutboxStore store, Partners partners, GatewayProperties properties, Clock clock) {
        this.store = store;
        this.partners = partners;
        this.properties = properties;
        this.clock = clock;
    }

    /** Stores the interchange and returns its outbox id. */
    public String put(String partnerId, String kind, String controlRef, byte[] body, String ingressId) {
        String id = Ids.uuidV7().toString();
        store.insert(new OutboxStore.Entry(id, partnerId, kind, controlRef, EDIFACT, clock.instant(), null, ingressId), body);
        partners.get(partnerId).filter(GatewayProperties.Partner::dropDirectory)
                .ifPresent(p -> writeOut(partnerId, fileName(controlRef, kind), body));
        log.info("outbox {} {} {} for partner {}", id, kind, controlRef, partnerId);
        return id;
    }

    /**
     * The file name of an outbox interchange, {@code <0020>.<KIND>.edi}, in the drop directory's
     * {@code out/} and in the AS2 {@code Content-Disposition} alike. Characters other than letters,
     * digits, '_' and '-' become '_', so an interchange reference never names a path (nor a
     * hidden file) at the partner.
     */
    public static String fileName(String controlRef, String kind) {
        return safe(controlRef) + "." + safe(kind) + ".edi";
    }

    private static String safe(String part) {
        String cleaned = part == null ? "" : part.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.isEmpty() ? "_" : cleaned;
    }

    private void writeOut(String partnerId, String name, byte[] body) {
        Path out = properties.dataDir().resolve("partners").resolve(partnerId).resolve("out");
        try {
            Files.createDirectories(out);
            Path part = out.resolve(name + ".part");
            Files.write(part, body);
            Files.move(part, out.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " to the out directory of " + partnerId, e);
        }
    }
}
