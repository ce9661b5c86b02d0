package org.clearway.security.as2;

import java.util.Objects;

/**
 * An AS2 HTTP body with the headers that describe it (RFC 4130 §5.2): the message or MDN as it
 * goes over the wire. AS2 sends MIME bodies binary, so {@code transferEncoding} is normally
 * {@code null}; some peers still send a {@code Content-Transfer-Encoding: base64} HTTP header.
 *
 * @param contentType      the Content-Type header value
 * @param transferEncoding the Content-Transfer-Encoding header value, or {@code null}
 * @param body             the body bytes, exactly as sent or received
 */
public record As2Entity(String contentType, String transferEncoding, byte[] body) {
    public As2Entity {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    public static As2Entity of(String contentType, byte[] body) {
        return new As2Entity(contentType, null, body);
    }

    /** Headers and body as one MIME entity, the form S/MIME layers nest. */
    byte[] asMimeEntity() {
        return transferEncoding == null ? Mime.entity(body, "Content-Type", contentType)
                : Mime.entity(body, "Content-Type", contentType, "Content-Transfer-Encoding", transferEncoding);
    }
}
