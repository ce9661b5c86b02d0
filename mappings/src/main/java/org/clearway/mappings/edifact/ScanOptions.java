package org.clearway.mappings.edifact;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Configuration of one {@link InterchangeScanner}.
 *
 * @param maxBytes          interchange size limit in bytes as streamed (X019, MIG §3.6; default 256 MiB)
 * @param gatewayId         the gateway's UNB S003 0010; null disables the recipient check (X022)
 * @param gatewayQualifier  the gateway's S003 0007; null accepts any qualifier
 * @param knownSender       tells whether {@code "id:qualifier"} (UNB S002) is an onboarded partner (X021)
 * @param profiles          which UNH keys are agreed and their schemas (MIG §2.3, X009)
 */
public record ScanOptions(long maxBytes, String gatewayId, String gatewayQualifier,
                          Predicate<String> knownSender, MessageProfiles profiles) {

    /** MIG §3.6 default size limit. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    public ScanOptions {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        Objects.requireNonNull(knownSender, "knownSender");
        Objects.requireNonNull(profiles, "profiles");
    }

    /** Options with the GW10 profiles for every sender. */
    public ScanOptions(long maxBytes, String gatewayId, String gatewayQualifier, Predicate<String> knownSender) {
        this(maxBytes, gatewayId, gatewayQualifier, knownSender, MessageProfiles.gw10());
    }

    /** Options that check nothing about the parties (used to read CONTRLs and in tests). */
    public static ScanOptions permissive() {
        return new ScanOptions(DEFAULT_MAX_BYTES, null, null, s -> true);
    }
}
