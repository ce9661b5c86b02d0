package org.clearway.mappings.canonical;

import java.util.List;
import java.util.Objects;

/** A party in one role, {@code parties[]} (CANONICAL-MODEL §5.3); {@code partyRef} is {@code P} + digits. */
public record Party(String partyRef, PartyRole role, TypeOfPerson typeOfPerson, String name,
                    Address address, Contact contact, List<Identifier> identifiers) {
    public Party {
        Objects.requireNonNull(partyRef, "partyRef");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(typeOfPerson, "typeOfPerson");
        Objects.requireNonNull(name, "name");
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    /** Postal address of a party (§5.3 {@code address.*}). */
    public record Address(String line1, String line2, String houseNumber, String postcode, String city,
                          String subdivision, String country) {
    }

    /** Contact of a party (§5.3 {@code contact.*}); phone in E.164. */
    public record Contact(String email, String phone) {
    }

    /** Party identifier (§5.3 {@code identifiers[]}); {@code issuer} optional. */
    public record Identifier(IdentifierScheme scheme, String value, String issuer) {
        public Identifier {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(value, "value");
        }
    }
}
