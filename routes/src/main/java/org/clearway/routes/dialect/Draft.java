package org.clearway.routes.dialect;

import java.util.Map;

/** A canonical draft (JCS bytes) and the enrich stage's headers for it. */
public record Draft(byte[] body, Map<String, Object> headers) {
}
