package org.clearway.mappings.gw10;

/**
 * A COM C076 (MIG GW10 §5.2 SG2/0150): communication number 3148 and channel 3155.
 *
 * @param channel {@code TE} phone, {@code EM} e-mail, {@code FX} fax (others kept as received)
 * @param number  the number or address, un-escaped (e.g. {@code +442079460000})
 */
public record Communication(String channel, String number) {
}
