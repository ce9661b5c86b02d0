package org.clearway.routes.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry schedule of outbound AS2: doubling from the initial delay, capped, never overflowing. */
class As2OutboxSenderTest {

    @Test
    void backoffDoublesPerFailedAttemptUpToTheMaximum() {
        As2OutboxSender sender = new As2OutboxSender(null, null, null, null, null, "CLEARWAY", Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofMinutes(5), Clock.systemUTC());

        assertThat(sender.backoff(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(4));
        assertThat(sender.backoff(3)).isEqualTo(Duration.ofSeconds(16));
        assertThat(sender.backoff(7)).isEqualTo(Duration.ofSeconds(256));
        assertThat(sender.backoff(8)).isEqualTo(Duration.ofMinutes(5));
        assertThat(sender.backoff(10_000)).isEqualTo(Duration.ofMinutes(5));
    }

    /** The AS2 file name follows the drop directory's rule, and no reference can name a path at the partner. */
    @Test
    void payloadFileNameIsTheDropDirectoryNameSanitised() {
        assertThat(As2OutboxSender.fileName(entry("GW00000000042", "CUSRSP"))).isEqualTo("GW00000000042.CUSRSP.edi");
        assertThat(As2OutboxSender.fileName(entry("REF1", "CONTRL"))).isEqualTo("REF1.CONTRL.edi");
        assertThat(OutboxService.fileName("../../x", "CUSRSP")).isEqualTo("______x.CUSRSP.edi");
        assertThat(OutboxService.fileName("A/B\\C\"D", "CONTRL")).isEqualTo("A_B_C_D.CONTRL.edi");
        assertThat(OutboxService.fileName("", "CUSRSP")).isEqualTo("_.CUSRSP.edi");
        assertThat(OutboxService.fileName("..", "CUSRSP")).doesNotStartWith(".");
    }

    /**
     * A synchronous-MDN delivery is bounded too (issue 13): at {@code sync-max-attempts} sends it is
     * FAILED without another send; below the bound it is claimed and sent.
     */
    @Test
    void aSyncDeliveryAtItsBoundIsFailedInsteadOfSentAgain() throws Exception {
        var policy = org.mockito.Mockito.mock(org.clearway.security.as2.As2PartnerPolicy.class);
        org.mockito.Mockito.when(policy.partnerAs2Id()).thenReturn("POSTAS2");
        var profile = new org.clearway.routes.ingress.as2.As2Profiles.Profile("AS2-OPEN", policy, true, false,
                java.util.List.of(), 1 << 20, java.net.URI.create("http://127.0.0.1:9/as2"));
        var outbox = org.mockito.Mockito.mock(org.clearway.routes.store.OutboxStore.class);
        var deliveries = org.mockito.Mockito.mock(org.clearway.routes.store.As2DeliveryStore.class);
        var entry = entry("REF9", "CUSRSP");
        org.mockito.Mockito.when(outbox.pending("AS2-OPEN")).thenReturn(java.util.List.of(entry));
        java.time.Instant past = java.time.Instant.parse("2026-11-24T08:00:00Z");
        var atBound = new org.clearway.routes.store.As2DeliveryStore.Delivery(entry.outboxId(), "AS2-OPEN", "<m1>", 3,
                org.clearway.routes.store.As2DeliveryStore.PENDING, past, "HTTP 503", "SYNC", null, null, null, null,
                null, 7);
        org.mockito.Mockito.when(deliveries.find(entry.outboxId())).thenReturn(java.util.Optional.of(atBound));
        org.mockito.Mockito.when(deliveries.transition(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.anyString(),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any()))
                .thenReturn(true);
        As2OutboxSender sender = new As2OutboxSender(org.clearway.routes.ingress.as2.As2Profiles.of(profile), outbox,
                deliveries, null, null, "CLEARWAY", Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMinutes(5),
                Clock.systemUTC());
        sender.setSyncMaxAttempts(3);

        assertThat(sender.deliverDue()).isZero();
        org.mockito.Mockito.verify(deliveries).transition(org.mockito.ArgumentMatchers.eq(atBound),
                org.mockito.ArgumentMatchers.eq(org.clearway.routes.store.As2DeliveryStore.FAILED),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.contains("FAILED after 3 attempt(s): HTTP 503"),
                org.mockito.ArgumentMatchers.any());
        org.mockito.Mockito.verify(deliveries, org.mockito.Mockito.never()).claim(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());

        // one below the bound: claimed for another send, not failed
        sender.setSyncMaxAttempts(4);
        org.mockito.Mockito.clearInvocations(deliveries);
        sender.deliverDue();
        org.mockito.Mockito.verify(deliveries).claim(org.mockito.ArgumentMatchers.eq(atBound),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
        org.mockito.Mockito.verify(deliveries, org.mockito.Mockito.never()).transition(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.eq(org.clearway.routes.store.As2DeliveryStore.FAILED),
                org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    private static org.clearway.routes.store.OutboxStore.Entry entry(String controlRef, String kind) {
        return new org.clearway.routes.store.OutboxStore.Entry("0190-outbox", "AS2-OPEN", kind, controlRef,
                OutboxService.EDIFACT, java.time.Instant.parse("2026-11-24T08:30:00Z"), null, "0190-ingress");
    }
}
