package org.clearway.mappings.edifact;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What can be learnt about an interchange from its first bytes, before any decoding: the
 * service characters (UNA or defaults) and the UNB syntax identifier and version.
 *
 * <p>The byte encoding is chosen from UNB S001 (MIG GW10 §3.3): UNOA, UNOB and UNOC are read as
 * ISO-8859-1, UNOY as UTF-8. The charset is never assumed.
 *
 * @param hasUna            whether the interchange starts with a UNA service string advice
 * @param componentSeparator UNA position 4 (default {@code :})
 * @param elementSeparator   UNA position 5 (default {@code +})
 * @param decimalMark        UNA position 6 (default {@code .})
 * @param releaseCharacter   UNA position 7 (default {@code ?})
 * @param repetitionSeparator UNA position 8 (default {@code *} in syntax 4, space in syntax 3)
 * @param segmentTerminator  UNA position 9 (default {@code '})
 * @param syntaxIdentifier   UNB S001/0001, e.g. {@code UNOC}
 * @param syntaxVersion      UNB S001/0002, e.g. {@code 3}
 */
public record EdifactEnvelope(boolean hasUna, char componentSeparator, char elementSeparator,
                              char decimalMark, char releaseCharacter, char repetitionSeparator,
                              char segmentTerminator, String syntaxIdentifier, String syntaxVersion) {

    /** How many leading bytes {@link #sniff(byte[])} needs at most to find UNB S001. */
    public static final int SNIFF_LENGTH = 256;

    /**
     * Reads the service characters and the syntax identifier from the first bytes.
     *
     * @param head the first bytes of the interchange ({@link #SNIFF_LENGTH} are enough)
     * @return empty when the bytes do not start with UNA or UNB (MIG §7.1, X001)
     */
    public static Optional<EdifactEnvelope> sniff(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int pos = 0;
        boolean una = text.startsWith("UNA");
        char comp = ':', elem = '+', dec = '.', rel = '?', rep = ' ', term = '\'';
        if (una) {
            if (text.length() < 9) {
                return Optional.empty();
            }
            comp = text.charAt(3);
            elem = text.charAt(4);
            dec = text.charAt(5);
            rel = text.charAt(6);
            rep = text.charAt(7);
            term = text.charAt(8);
            pos = 9;
            while (pos < text.length() && (text.charAt(pos) == '\r' || text.charAt(pos) == '\n')) {
                pos++;
            }
        }
        if (!text.startsWith("UNB", pos) || text.length() < pos + 4 || text.charAt(pos + 3) != elem) {
            return Optional.empty();
        }
        int start = pos + 4;
        StringBuilder id = new StringBuilder();
        StringBuilder version = new StringBuilder();
        StringBuilder current = id;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == comp && current == id) {
                current = version;
            } else if (c == comp || c == elem || c == term) {
                break;
            } else {
                current.append(c);
            }
        }
        if (!una && "4".equals(version.toString())) {
            rep = '*';
        }
        return Optional.of(new EdifactEnvelope(una, comp, elem, dec, rel, rep, term,
                id.toString(), version.toString()));
    }

    /**
     * The byte encoding for the syntax identifier (MIG §3.3).
     *
     * @return empty for identifiers GW10 does not support (X002)
     */
    public Optional<Charset> charset() {
        return charsetFor(syntaxIdentifier);
    }

    /** UNOA/UNOB/UNOC: ISO-8859-1; UNOY: UTF-8; anything else: empty. */
    public static Optional<Charset> charsetFor(String syntaxIdentifier) {
        return switch (syntaxIdentifier) {
            case "UNOA", "UNOB", "UNOC" -> Optional.of(StandardCharsets.ISO_8859_1);
            case "UNOY" -> Optional.of(StandardCharsets.UTF_8);
            default -> Optional.empty();
        };
    }
}
