package org.clearway.routes.support;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.springframework.stereotype.Component;

/** Lookup of configured partners by id, API key and EDIFACT sender. */
@Component
public class Partners {
    private final Map<String, Partner> byId;
    private final Map<String, String> idByApiKey = new HashMap<>();
    private final Map<String, String> idByEdifactSender = new HashMap<>();
    /** UPU operator code -> postal partner (PARTNER-APIS §7.1 "configuration table carrierCode -> partnerId"). */
    private final Map<String, String> postalIdByOperatorCode = new HashMap<>();

    public Partners(GatewayProperties properties) {
        this.byId = Collections.unmodifiableMap(properties.partners());
        byId.forEach((id, p) -> {
            // keys are held only as SHA-256 digests (PARTNER-APIS §1.1); configuration may give either
            java.util.List<String> digests = new java.util.ArrayList<>(p.apiKeySha256());
            p.apiKeys().forEach(key -> digests.add(sha256(key)));
            digests.forEach(digest -> {
                if (idByApiKey.putIfAbsent(digest, id) != null && !idByApiKey.get(digest).equals(id)) {
                    throw new IllegalStateException("API key of partner " + id + " is also configured for "
                            + idByApiKey.get(digest));
                }
            });
            if (p.edifact() != null) {
                idByEdifactSender.put(p.edifact().key(), id);
            }
            if (p.role() == Role.POSTAL) {
                // postal items are declared at once: no durable postal hold window (docs/SPEC-NOTES.md §7.2)
                if (p.holdWindow() != null && !p.holdWindow().isZero()) {
                    throw new IllegalStateException("postal partner " + id + " has hold-window " + p.holdWindow()
                            + "; postal hold windows are not supported, configure 0s");
                }
                if (p.postal() != null) {
                    p.postal().operatorCodes().forEach(code -> {
                        String other = postalIdByOperatorCode.putIfAbsent(code, id);
                        if (other != null && !other.equals(id)) {
                            throw new IllegalStateException("UPU operator code " + code + " of postal partner " + id
                                    + " is also configured for " + other);
                        }
                    });
                }
            }
        });
        byId.forEach((id, p) -> {
            if (p.express() != null) {
                p.express().carrierCodes().stream().filter(postalIdByOperatorCode::containsKey).findFirst()
                        .ifPresent(code -> {
                            throw new IllegalStateException("carrier code " + code + " of express partner " + id
                                    + " is also the UPU operator code of postal partner " + postalIdByOperatorCode.get(code));
                        });
            }
        });
    }

    /** The UPU operator codes of a postal partner (PARTNER-APIS §6.5); empty when none are configured. */
    public List<String> operatorCodes(String postalPartnerId) {
        return get(postalPartnerId).filter(p -> p.role() == Role.POSTAL && p.postal() != null)
                .map(p -> p.postal().operatorCodes()).orElse(List.of());
    }

    /**
     * The carrier code an express partner's shipments are declared and correlated under (the first
     * of its {@code carrier-codes}); null for a partner without one.
     */
    public String carrierCode(String expressPartnerId) {
        return get(expressPartnerId).map(Partner::express).filter(e -> !e.carrierCodes().isEmpty())
                .map(e -> e.carrierCodes().get(0)).orElse(null);
    }

    /** The postal partner a UPU operator code is configured for. */
    public Optional<String> postalPartnerForOperatorCode(String code) {
        return Optional.ofNullable(postalIdByOperatorCode.get(code));
    }

    /** Every configured UPU operator code of a postal partner. */
    public java.util.Set<String> allOperatorCodes() {
        return java.util.Set.copyOf(postalIdByOperatorCode.keySet());
    }

    public Optional<Partner> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Partner require(String id) {
        return get(id).orElseThrow(() -> new IllegalArgumentException("unknown partner " + id));
    }

    public Optional<String> idForApiKey(String apiKey) {
        return apiKey == null ? Optional.empty() : Optional.ofNullable(idByApiKey.get(sha256(apiKey)));
    }

    /** SHA-256 of a key (lower-case hex), the form keys are looked up in. */
    public static String sha256(String apiKey) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The partner whose UNB sender is {@code id:qualifier}. */
    public Optional<String> idForEdifactSender(String idAndQualifier) {
        return Optional.ofNullable(idByEdifactSender.get(idAndQualifier));
    }

    /** The customs backend with this {@code backendId}, if one is configured. */
    public Optional<GatewayProperties.Customs> customsBackend(String backendId) {
        return byId.values().stream()
                .filter(p -> p.role() == Role.CUSTOMS && p.customs() != null)
                .map(Partner::customs)
                .filter(c -> c.backendId().equals(backendId))
                .findFirst();
    }

    public Map<String, Partner> all() {
        return byId;
    }

    public Map<String, Partner> withRole(Role role) {
        Map<String, Partner> result = new HashMap<>();
        byId.forEach((id, p) -> {
            if (p.role() == role) {
                result.put(id, p);
            }
        });
        return result;
    }
}
