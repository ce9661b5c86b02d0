package org.clearway.mappings.gw10;

/**
 * An RFF C506 reference (MIG GW10 §5.2 SG1/0120).
 *
 * @param qualifier 1153, e.g. {@code VA} seller VAT number, {@code ZIO} IOSS number
 * @param value     1154 as received
 */
public record Reference(String qualifier, String value) {
}
