package org.clearway.mappings.canonical;

/** Mode of transport, {@code consignment.route.modeOfTransport} (CANONICAL-MODEL §5.4). */
public enum ModeOfTransport {
    AIR, ROAD, RAIL, SEA, POST
}
