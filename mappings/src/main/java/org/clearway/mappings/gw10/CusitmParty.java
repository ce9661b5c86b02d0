package org.clearway.mappings.gw10;

import java.util.List;
import java.util.Optional;

/**
 * A party of a postal item: SG2 NAD with its COM segments (MIG GW10 §5.2 SG2/0140-0150). Every
 * NAD qualifier is kept, not only {@code CZ}, {@code CN} and {@code SE}.
 *
 * @param qualifier      3035: {@code CZ} sender, {@code CN} addressee, {@code SE} seller
 * @param partyId        C082.3039 ("" if absent)
 * @param nameLines      C080.3036 components, non-empty ones in order
 * @param streetLines    C059.3042 components, non-empty ones in order
 * @param city           3164
 * @param state          3229 country sub-entity ("" if absent)
 * @param postcode       3251 ("" if absent; text, leading zeros kept)
 * @param country        3207 as received
 * @param communications COM C076 values, both the separate-segment and the v4 repetition form
 * @param position       position of the NAD in the message (UNH = 1)
 */
public record CusitmParty(String qualifier, String partyId, List<String> nameLines,
                          List<String> streetLines, String city, String state, String postcode,
                          String country, List<Communication> communications, int position) {

    public CusitmParty {
        nameLines = List.copyOf(nameLines);
        streetLines = List.copyOf(streetLines);
        communications = List.copyOf(communications);
    }

    /** Single-line name: name components joined with one space (MIG §5.3). */
    public String name() {
        return String.join(" ", nameLines);
    }

    /** Single-line street: street components joined with one space (MIG §5.3). */
    public String street() {
        return String.join(" ", streetLines);
    }

    public Optional<String> phone() {
        return channel("TE");
    }

    public Optional<String> email() {
        return channel("EM");
    }

    public Optional<String> fax() {
        return channel("FX");
    }

    private Optional<String> channel(String code) {
        return communications.stream().filter(c -> code.equals(c.channel()))
                .map(Communication::number).findFirst();
    }
}
