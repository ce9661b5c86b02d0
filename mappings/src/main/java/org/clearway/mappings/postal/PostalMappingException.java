package org.clearway.mappings.postal;

/**
 * A CUSITM item that cannot become a canonical Declaration (CANONICAL-MODEL §5.8: blocking
 * problems keep the consignment {@code PENDING}, nothing is emitted). Normally the GW10
 * validation (MIG §9) has already rejected such items; this is the mapper's last line of defence.
 */
public class PostalMappingException extends RuntimeException {

    public PostalMappingException(String message) {
        super(message);
    }
}
