package org.clearway.routes.pipeline;

import java.util.Map;

/**
 * One message as a batched stage receives it: its JMS message id (the key of its failure record),
 * body, properties and the broker's delivery count. The stage's codec turns it into its record.
 */
public record StageInput(String messageId, byte[] body, Map<String, Object> properties, int deliveryCount) {

    /** A property as a string, or null. */
    public String property(String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }
}
