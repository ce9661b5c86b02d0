package org.clearway.routes.pipeline;

/**
 * A batched stage: its name (trace stage, metrics tag, health detail), the queue it consumes and
 * its handler. Declared as a bean; {@link StageRunners} starts one {@link BatchStageRunner} per
 * definition.
 *
 * @param consumers concurrent consumers (0 = {@code clearway.pipeline.concurrent-consumers})
 */
public record StageDefinition(String name, String queue, int consumers, StageHandler handler) {
}
