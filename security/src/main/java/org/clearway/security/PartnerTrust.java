package org.clearway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted certificates per partner id, used to verify partner signatures such as customs decision
 * signatures (CANONICAL-MODEL §10.2 "backend CA configured per backend", CUSTOMS-AND-POSTAL §3.3).
 * A partner's certificates may be its signer certificates, its CA certificates or both; during a
 * rotation both old and new ones are listed.
 *
 * <p>Directory layout read by {@link #fromDirectory(Path)}: a file {@code <partnerId>.pem}
 * ({@code .crt}, {@code .cer} too) and/or a sub-directory {@code <partnerId>/} with such files; all
 * certificates found for a partner are merged. Other files are ignored. Expired certificates are
 * kept (signatures made while they were valid still verify) but logged. Immutable and thread-safe.
 */
public final class PartnerTrust {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerTrust.class);
    private static final List<String> EXTENSIONS = List.of(".pem", ".crt", ".cer");

    private final Map<String, List<X509Certificate>> certificates;
    private final Map<String, CmsVerifier> verifiers;

    private PartnerTrust(Map<String, List<X509Certificate>> certificates, Clock clock) {
        Map<String, List<X509Certificate>> copy = new TreeMap<>();
        Map<String, CmsVerifier> verifierMap = new TreeMap<>();
        certificates.forEach((partner, list) -> {
            if (!list.isEmpty()) {
                copy.put(partner, List.copyOf(list));
                verifierMap.put(partner, new CmsVerifier(list, clock));
            }
        });
        this.certificates = Map.copyOf(copy);
        this.verifiers = Map.copyOf(verifierMap);
        warnAboutExpired(clock.instant());
    }

    /** Trust from certificates already in memory. */
    public static PartnerTrust of(Map<String, ? extends Collection<X509Certificate>> certificatesPerPartner) {
        Map<String, List<X509Certificate>> map = new TreeMap<>();
        certificatesPerPartner.forEach((partner, list) -> map.put(partner, List.copyOf(list)));
        return new PartnerTrust(map, Clock.systemUTC());
    }

    /**
     * Trust from PEM files listed per partner (the form a Spring property list takes).
     *
     * @throws UncheckedIOException     when a file cannot be read
     * @throws IllegalArgumentException when a file holds no valid PEM certificate
     */
    public static PartnerTrust fromFiles(Map<String, ? extends Collection<Path>> pemFilesPerPartner) {
        Map<String, List<X509Certificate>> map = new TreeMap<>();
        pemFilesPerPartner.forEach((partner, files) -> {
            List<X509Certificate> list = map.computeIfAbsent(partner, p -> new ArrayList<>());
            for (Path file : files) {
                list.addAll(read(file));
            }
        });
        return new PartnerTrust(map, Clock.systemUTC());
    }

    /**
     * Trust from a directory laid out as described on the class.
     *
     * @throws UncheckedIOException when the directory or a file cannot be read
     */
    public static PartnerTrust fromDirectory(Path directory) {
        Map<String, List<X509Certificate>> map = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> files = Files.list(entry)) {
                        for (Path file : files.filter(PartnerTrust::isCertificateFile).sorted().toList()) {
                            map.computeIfAbsent(name, p -> new ArrayList<>()).addAll(read(file));
                        }
                    }
                } else if (isCertificateFile(entry)) {
                    String partner = name.substring(0, name.lastIndexOf('.'));
                    map.computeIfAbsent(partner, p -> new ArrayList<>()).addAll(read(entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read partner trust directory " + directory, e);
        }
        PartnerTrust trust = new PartnerTrust(map, Clock.systemUTC());
        LOG.info("Loaded partner trust from {}: {}", directory, trust);
        return trust;
    }

    /** The partner ids that have at least one trusted certificate. */
    public Set<String> partnerIds() {
        return certificates.keySet();
    }

    /** The partner's trusted certificates; empty for an unknown partner. */
    public List<X509Certificate> certificates(String partnerId) {
        return certificates.getOrDefault(partnerId, List.of());
    }

    /** A verifier trusting exactly this partner's certificates; empty when none are configured. */
    public Optional<CmsVerifier> verifier(String partnerId) {
        return Optional.ofNullable(verifiers.get(partnerId));
    }

    /**
     * Verifies a partner's detached signature. A partner without trusted certificates gets
     * {@link VerificationResult.Status#UNTRUSTED_SIGNER}, never a pass.
     */
    public VerificationResult verify(String partnerId, byte[] content, byte[] signature) {
        CmsVerifier verifier = verifiers.get(partnerId);
        if (verifier == null) {
            return VerificationResult.failed(VerificationResult.Status.UNTRUSTED_SIGNER,
                    "no trusted certificates are configured for partner " + partnerId);
        }
        return verifier.verify(content, signature);
    }

    private static boolean isCertificateFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(path) && !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static List<X509Certificate> read(Path file) {
        try {
            return Pem.readCertificates(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read partner certificate file " + file, e);
        }
    }

    private void warnAboutExpired(Instant now) {
        certificates.forEach((partner, list) -> list.stream()
                .filter(certificate -> certificate.getNotAfter().toInstant().isBefore(now))
                .forEach(certificate -> LOG.warn("Trusted certificate {} of partner {} expired at {}",
                        certificate.getSubjectX500Principal(), partner, certificate.getNotAfter().toInstant())));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("PartnerTrust[");
        certificates.forEach((partner, list) -> text.append(partner).append('=').append(list.size())
                .append(list.size() == 1 ? " certificate, " : " certificates, "));
        if (!certificates.isEmpty()) {
            text.setLength(text.length() - 2);
        }
        return text.append(']').toString();
    }
}
