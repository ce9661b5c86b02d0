package org.clearway.mappings.customs;

import org.clearway.mappings.canonical.Declaration;

/**
 * What a customs backend receives for a declaration revision (issue 12, customs-format seam): the
 * bytes that are signed and delivered, and their media type. A backend's configuration names its
 * format by {@link #id()}; the canonical JSON and XML forms (CANONICAL-MODEL §9) are built in, and
 * an output such as an ICS2 ENS or H7 message plugs in as another implementation.
 */
public interface CustomsFormat {
    /** The name a backend's {@code format} setting uses, e.g. {@code canonical-json-v1}. */
    String id();

    /** The media type of the bytes (pull {@code mediaType}, HTTP push {@code Content-Type}, JMS property). */
    String mediaType();

    /** The exact bytes to sign and deliver; deterministic for one declaration. */
    byte[] write(Declaration declaration);
}
