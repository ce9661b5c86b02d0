package org.clearway.mappings.gw10;

/**
 * UNH S009 message identifier (MIG GW10 §2.2), e.g. {@code CUSITM:1:1:AD:GW10}.
 *
 * @param type            0065
 * @param version         0052
 * @param release         0054
 * @param agency          0051
 * @param associationCode 0057 ("" if absent)
 */
public record MessageIdentifier(String type, String version, String release, String agency,
                                String associationCode) {

    /** The GW10 CUSRSP identifier {@code CUSRSP:1:1:AD:GW10}. */
    public static final MessageIdentifier CUSRSP_GW10 = new MessageIdentifier("CUSRSP", "1", "1", "AD", "GW10");

    /** Written form with component separator {@code :}. */
    @Override
    public String toString() {
        String s = type + ":" + version + ":" + release + ":" + agency;
        return associationCode.isEmpty() ? s : s + ":" + associationCode;
    }
}
