/**
 * The express carrier REST dialect {@code CLEARWAY-EXPRESS-REST-1} (PARTNER-APIS §3): shipment
 * records and a validating reader ({@link org.clearway.mappings.express.ExpressShipmentReader},
 * field problems of §1.3, §1.4 and §2) and the carrier-only mapping into the canonical declaration
 * ({@link org.clearway.mappings.express.ExpressToCanonical}, CANONICAL-MODEL §5 and §8.1); and the
 * way back: decision events ({@link org.clearway.mappings.express.DecisionEvents}, PARTNER-APIS
 * §5.1) and their webhook signatures ({@link org.clearway.mappings.express.WebhookSignature}, §5.2).
 */
package org.clearway.mappings.express;
