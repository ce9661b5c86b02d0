package org.clearway.mappings.gw10;

import java.math.BigDecimal;

/**
 * One content piece of a postal item: SG3 LIN FTX QTY MEA MOA LOC (MIG GW10 §5.2 SG3). Values
 * and weights are line totals (all units of the line).
 *
 * @param lineNumberText LIN 1082 exactly as received (used in CUSRSP ERP)
 * @param lineNumber     LIN 1082 as a number (0 if not numeric)
 * @param hsCode         LIN C212.7140 ("" if absent)
 * @param hsCodeType     LIN C212.7143, normally {@code HS} ("" if absent)
 * @param description    FTX AAA C108 lines joined with one space
 * @param quantity       QTY C186.6060 (null if absent or not numeric)
 * @param quantityUnit   QTY C186.6411 ("" if absent)
 * @param netWeightUnit  MEA WT AAA C174.6411, normally {@code KGM}
 * @param netWeight      MEA WT AAA C174.6314 in kg (null if absent or not numeric)
 * @param value          MOA 203 value and currency (null if the segment is absent)
 * @param originCountry  LOC 27 C517.3225 ("" if absent)
 * @param position       position of the LIN in the message (UNH = 1)
 */
public record ContentPiece(String lineNumberText, int lineNumber, String hsCode, String hsCodeType,
                           String description, BigDecimal quantity, String quantityUnit,
                           String netWeightUnit, BigDecimal netWeight, Amount value,
                           String originCountry, int position) {
}
