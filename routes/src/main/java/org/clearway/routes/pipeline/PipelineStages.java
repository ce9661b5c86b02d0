package org.clearway.routes.pipeline;

import org.clearway.routes.deliver.CustomsDelivery;
import org.clearway.routes.deliver.CustomsQueueSender;
import org.clearway.routes.deliver.DeliveryOutbox;
import org.clearway.routes.enrich.EnrichStage;
import org.clearway.routes.parse.ParseStage;
import org.clearway.routes.response.DecisionIngress;
import org.clearway.routes.response.ResponseStage;
import org.clearway.routes.sign.SignStage;
import org.clearway.routes.support.Queues;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stages between the queues, in flow order, each on the batched consumer
 * ({@link BatchStageRunner}): decode the queue's record with its codec, run the stage, hand on
 * through {@link StageSender} (which joins the batch's JMS transaction). No stage sees a JMS
 * message, an {@code Exchange} or a property name.
 */
@Configuration(proxyBeanMethods = false)
class PipelineStages {

    /** {@code gw.parse}: the message's dialect reads it; one draft per declaration to {@code gw.enrich}. */
    @Bean
    StageDefinition parseQueueStage(ParseStage stage, @Value("${clearway.pipeline.parse-consumers:2}") int consumers) {
        return new StageDefinition("parse", Queues.PARSE, consumers, (in, out) ->
                stage.parse(InboundQueueCodec.readParse(in.body(), in.properties()), draft -> {
                    StageQueueCodec.Encoded e = StageQueueCodec.encode(draft);
                    out.send(e.queue(), e.body(), e.properties());
                }));
    }

    /** {@code gw.enrich}: revisions, duplicates and fusion; the revision to sign to {@code gw.sign}. */
    @Bean
    StageDefinition enrichQueueStage(EnrichStage stage, StageSender sender) {
        return new StageDefinition("enrich", Queues.ENRICH, 0, (in, out) ->
                stage.enrich(StageQueueCodec.decodeDraft(in.body(), in.properties())).ifPresent(sender::send));
    }

    /** {@code gw.sign}: the backend's customs format and its detached signature to {@code gw.deliver}. */
    @Bean
    StageDefinition signQueueStage(SignStage stage, StageSender sender) {
        return new StageDefinition("sign", Queues.SIGN, 0, (in, out) ->
                sender.send(stage.sign(StageQueueCodec.decodeSign(in.body(), in.properties()))));
    }

    /**
     * {@code gw.deliver}: JMS backends get the emission on their queue, pull backends find it stored,
     * HTTP backends get a push job in the {@link DeliveryOutbox} (pushed and retried there, never
     * holding this consumer). The group id keeps one declaration's revisions in order.
     */
    @Bean
    StageDefinition deliverQueueStage(CustomsDelivery delivery, DeliveryOutbox outbox, CustomsQueueSender queueSender) {
        return new StageDefinition("deliver", Queues.DELIVER, 0, (in, out) -> {
            DeliverMessage m = StageQueueCodec.decodeDeliver(in.body(), in.properties());
            CustomsDelivery.Target target = delivery.route(m);
            switch (target.channel()) {
                case JMS -> {
                    queueSender.send(m, target.queue());
                    delivery.delivered(m, target.channel());
                }
                case HTTP -> outbox.enqueue(m);
                default -> delivery.delivered(m, target.channel());
            }
        });
    }

    /**
     * {@code customs.decisions}: a backend's decision submission, stored in the batch's database
     * transaction and handed on to {@code gw.respond} in its JMS transaction; an invalid or unmatched
     * one is dead-lettered with its reason. (Decisions over HTTP reach {@code gw.respond} through the
     * outbox instead: {@code DecisionController}.)
     */
    @Bean
    StageDefinition decisionIngressStage(DecisionIngress ingress) {
        return new StageDefinition("decision-ingress", Queues.CUSTOMS_DECISIONS, 0, (in, out) -> ingress.submit(in));
    }

    /** {@code gw.respond}: one stored decision answered to every party in its own dialect. */
    @Bean
    StageDefinition respondQueueStage(ResponseStage stage) {
        return new StageDefinition("respond", Queues.RESPOND, 0, (in, out) ->
                stage.respond(InboundQueueCodec.readRespond(in.body(), in.properties())));
    }
}
