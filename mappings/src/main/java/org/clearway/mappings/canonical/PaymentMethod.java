package org.clearway.mappings.canonical;

/** Payment method, {@code payment.method} (CANONICAL-MODEL §5.6). */
public enum PaymentMethod {
    CARD, WALLET, BANK_TRANSFER, CASH_ON_DELIVERY, BNPL, VOUCHER, OTHER
}
