package org.clearway.security.as2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Disposition-Notification-Options} header (RFC 4130 §7.3): whether a signed receipt is
 * asked for and with which MIC algorithms, in the sender's order of preference.
 *
 * @param signedReceiptRequested {@code signed-receipt-protocol} names {@code pkcs7-signature}
 * @param micAlgorithms          {@code signed-receipt-micalg}, known names only, in order
 */
public record DispositionNotificationOptions(boolean signedReceiptRequested, List<MicAlgorithm> micAlgorithms) {
    public DispositionNotificationOptions {
        micAlgorithms = List.copyOf(micAlgorithms);
    }

    /** Asks for a signed receipt with these MIC algorithms. */
    public static DispositionNotificationOptions signed(MicAlgorithm... algorithms) {
        return new DispositionNotificationOptions(true, List.of(algorithms));
    }

    /** Parses the header; {@code null} or blank means no options (unsigned receipt). */
    public static DispositionNotificationOptions parse(String header) {
        boolean signed = false;
        List<MicAlgorithm> algorithms = new ArrayList<>();
        if (header != null) {
            for (String parameter : Mime.splitOutsideQuotes(header, ';')) {
                int equals = parameter.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                List<String> values = Mime.splitOutsideQuotes(parameter.substring(equals + 1), ',');
                // values[0] is the importance (required / optional), RFC 3798 §2.2
                List<String> tokens = values.subList(Math.min(1, values.size()), values.size());
                if (name.equals("signed-receipt-protocol")) {
                    signed = tokens.stream().anyMatch(t -> t.trim().equalsIgnoreCase("pkcs7-signature"));
                } else if (name.equals("signed-receipt-micalg")) {
                    tokens.forEach(t -> MicAlgorithm.fromName(t).ifPresent(algorithms::add));
                }
            }
        }
        return new DispositionNotificationOptions(signed, algorithms);
    }

    /** The header value, e.g. {@code signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256}. */
    public String headerValue() {
        StringBuilder value = new StringBuilder();
        if (signedReceiptRequested) {
            value.append("signed-receipt-protocol=optional, pkcs7-signature");
        }
        if (!micAlgorithms.isEmpty()) {
            if (!value.isEmpty()) {
                value.append("; ");
            }
            value.append("signed-receipt-micalg=optional");
            micAlgorithms.forEach(algorithm -> value.append(", ").append(algorithm.micalg()));
        }
        return value.toString();
    }

    /** The first requested algorithm the policy accepts (RFC 4130 §7.3: the receiver picks from the list). */
    Optional<MicAlgorithm> preferred(As2PartnerPolicy policy) {
        return micAlgorithms.stream().filter(policy::accepts).findFirst();
    }
}
