package org.clearway.mappings.gw10;

import java.math.BigDecimal;

/**
 * CUSRSP SG4 duty / tax line: TAX with its MOA 124 and 125 (MIG GW10 §6.2 0150-0160).
 *
 * @param type   TAX C241.5153: {@code CUD}, {@code VAT}, {@code GST}, {@code EXC}, {@code ZHF}, {@code ZOT}
 * @param rate   TAX C243.5278 percentage (null for specific duties and fixed fees)
 * @param amount MOA 124 tax amount (mandatory)
 * @param base   MOA 125 taxable amount (null when absent)
 */
public record TaxLine(String type, BigDecimal rate, Amount amount, Amount base) {
}
