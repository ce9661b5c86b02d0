package org.clearway.mappings.canonical;

import java.time.Instant;
import java.util.Objects;

/** Payment by the buyer, {@code payment} (CANONICAL-MODEL §5.6). */
public record Payment(PaymentMethod method, Money amount, Instant paidAt, String transactionRef,
                      String payerRef, Vat vat) {
    public Payment {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
    }

    /** VAT collection claimed, {@code payment.vat}; {@code iossNumber} required for IOSS (checked by readers). */
    public record Vat(VatScheme scheme, String iossNumber, Money collected, String registrationNumber) {
        public Vat {
            Objects.requireNonNull(scheme, "scheme");
        }
    }
}
