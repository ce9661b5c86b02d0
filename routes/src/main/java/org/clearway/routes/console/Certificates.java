package org.clearway.routes.console;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.clearway.routes.ingress.as2.As2Config;
import org.clearway.routes.sign.SigningConfig.PublishedCertificates;
import org.clearway.routes.support.Partners;
import org.clearway.security.CertificateFingerprints;
import org.clearway.security.Pem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every certificate the gateway relies on, with its expiry: the declaration signing certificate
 * (and the previous ones still published), the AS2 station's, each AS2 partner's and each customs
 * backend's trusted certificates. One expiring within {@code clearway.console.certificate-warning}
 * is flagged.
 */
@Component
public class Certificates {
    public record Entry(String owner, String use, String subject, Instant notAfter, long daysLeft, String state,
                        String fingerprint) {
    }

    private final PublishedCertificates signing;
    private final ObjectProvider<As2Config.As2Station> as2Station;
    private final Partners partners;
    private final ConsoleProperties properties;
    private final Clock clock;

    public Certificates(PublishedCertificates signing, ObjectProvider<As2Config.As2Station> as2Station,
                        Partners partners, ConsoleProperties properties, Clock clock) {
        this.signing = signing;
        this.as2Station = as2Station;
        this.partners = partners;
        this.properties = properties;
        this.clock = clock;
    }

    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        boolean first = true;
        for (X509Certificate c : signing.certificates()) {
            entries.add(entry("gateway", first ? "declaration signing (current)" : "declaration signing (chain or previous)", c));
            first = false;
        }
        As2Config.As2Station station = as2Station.getIfAvailable();
        if (station != null) {
            entries.add(entry("gateway", "AS2 station " + station.as2Id(), station.key().signerCertificate()));
        }
        partners.all().forEach((id, p) -> {
            if (p.as2() != null && p.as2().enabled()) {
                p.as2().certificates().forEach(path -> read(entries, id, "AS2 " + p.as2().as2Id(), path));
            }
            if (p.customs() != null) {
                p.customs().trustedCertificates().forEach(path -> read(entries, id, "decision signatures", path));
            }
        });
        entries.sort(Comparator.comparing(Entry::notAfter, Comparator.nullsFirst(Comparator.naturalOrder())));
        return entries;
    }

    private void read(List<Entry> entries, String owner, String use, Path path) {
        try {
            Pem.readCertificates(path).forEach(c -> entries.add(entry(owner, use, c)));
        } catch (Exception e) {
            entries.add(new Entry(owner, use, "cannot read " + path + ": " + e.getMessage(), null, 0, "ERROR", null));
        }
    }

    private Entry entry(String owner, String use, X509Certificate c) {
        Instant now = clock.instant();
        Instant notAfter = c.getNotAfter().toInstant();
        long days = Duration.between(now, notAfter).toDays();
        String state = notAfter.isBefore(now) ? "EXPIRED"
                : notAfter.isBefore(now.plus(properties.certificateWarning())) ? "EXPIRES_SOON" : "OK";
        return new Entry(owner, use, c.getSubjectX500Principal().getName(), notAfter, days, state,
                CertificateFingerprints.sha256Hex(c));
    }
}
