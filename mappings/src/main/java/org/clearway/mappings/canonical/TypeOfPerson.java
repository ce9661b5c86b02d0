package org.clearway.mappings.canonical;

/** ICS2 type of person (CL729), {@code parties[].typeOfPerson} (CANONICAL-MODEL §5.3). */
public enum TypeOfPerson {
    NATURAL, LEGAL, ASSOCIATION
}
