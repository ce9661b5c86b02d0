package org.clearway.mappings.postal;

import java.util.Map;

/**
 * Per customs backend choices for writing CUSRSP (MIG GW10 §6.4).
 *
 * @param reasonMap backend {@code reason.code} -> ZRS code ({@code R01}..{@code R99})
 * @param vatIsGst  the backend's VAT is a GST: canonical {@code VAT} becomes TAX {@code GST}
 */
public record CusrspOptions(Map<String, String> reasonMap, boolean vatIsGst) {

    public CusrspOptions {
        reasonMap = reasonMap == null ? Map.of() : Map.copyOf(reasonMap);
    }

    /** No reason map, VAT written as {@code VAT}. */
    public static CusrspOptions defaults() {
        return new CusrspOptions(Map.of(), false);
    }
}
