/**
 * The e-commerce platform order feed {@code CLEARWAY-PLATFORM-*-1} (PARTNER-APIS §6): the order
 * records, the validating reader of one §6.2 JSON order, and the streaming NDJSON and §6.4 CSV
 * readers of bulk uploads. Plain Java: no Camel, no Spring.
 */
package org.clearway.mappings.platform;
