package org.clearway.routes.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmReader;
import org.clearway.mappings.postal.CusitmToCanonical;
import org.clearway.mappings.postal.PostalMappingContext;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rules.RoutingThresholds;
import org.clearway.routes.parse.ParseStage;
import org.clearway.routes.pipeline.DraftMessage;
import org.clearway.routes.pipeline.StageTransactions;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.DeclarationStore.Revision;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.junit.jupiter.api.Test;

/**
 * MIG V20 in the enrich stage: identical content is ignored, changed content is an AMENDMENT, and
 * a draft redelivered after its hand-on rolled back is sent on again rather than lost as a "duplicate".
 */
class EnrichStageTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final String EDI = "UNA:+.? 'UNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+DP0000000777'"
            + "UNH+1+CUSITM:1:1:AD:GW10'BGM+936+DEPOST-X-1+9'DTM+137:202611240830:203'NAD+MS+DEA'NAD+MR+DE004850'"
            + "CNI+1+CP473124829GB'DTM+11:20261120:102'LOC+ZOP+GBA'LOC+ZDP+DEA'GIS+11:ZCI'GIS+C:ZMC'"
            + "MEA+WT+AAB+KGM:1.350'MOA+ZDV:18.00:EUR'NAD+CZ+++TEA HOUSE LTD+12 MILL LANE+LONDON++SE1 9PX+GB'"
            + "NAD+CN+++ANNA SCHMIDT+KASTANIENALLEE 12+BERLIN++10435+DE'LIN+1++090240:HS'FTX+AAA+++BLACK TEA'"
            + "QTY+1:2'MEA+WT+AAA+KGM:0.500'MOA+203:18.00:EUR'LOC+27+IN'UNT+22+1'UNZ+1+DP0000000777'";

    private final DeclarationStore store = mock(DeclarationStore.class);
    private final ObjectMapper json = new ObjectMapper();
    private final EnrichStage stage = new EnrichStage(store, mock(TraceLog.class), properties(), json,
            Clock.fixed(NOW, ZoneOffset.UTC), mock(OrderCorrelation.class),
            new org.clearway.routes.support.Partners(properties()),
            mock(org.clearway.routes.parse.DeclarationRouting.class),
            mock(org.clearway.routes.store.PlatformOrderStore.class), mock(org.clearway.routes.store.ExpressStore.class),
            new StageTransactions(mock(org.springframework.transaction.PlatformTransactionManager.class)));
    private final UUID declarationId = Ids.uuidV7();

    private static GatewayProperties properties() {
        return new GatewayProperties(Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", Map.of(), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE), GatewayProperties.Api.defaults(),
                Map.of(), List.of(), Map.of());
    }

    private DraftMessage draft(String ingressId, String contentSha) {
        CusitmMessage message = CusitmReader.readAll(EDI.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).get(0);
        PostalMappingContext ctx = new PostalMappingContext(declarationId, 1, FunctionCode.ORIGINAL, Ids.uuidV7(), NOW,
                "DEMO-POST", NOW, "0".repeat(64), "DE", "DEMO-CUSTOMS", "EUR",
                ExchangeRateTable.of(Map.of("EUR/EUR", new ExchangeRateTable.Rate(BigDecimal.ONE, RateSource.CUSTOMS, null))),
                new RoutingThresholds(Money.of("150.00", "EUR"), Money.of("150.00", "EUR"),
                        Money.of("800.00", "USD"), Map.of()),
                null, null, null);
        Declaration declaration = CusitmToCanonical.map(message, message.items().get(0), ctx);
        return new DraftMessage(declaration, ingressId, "DEMO-POST", contentSha, FunctionCode.ORIGINAL,
                new DeclarationStore.PostalRefs("DP0000000777", "1", "DEPOST-X-1", "202611240830", "DEA", "DE004850", "1",
                        "CP473124829GB", "UNOC", "3"), "[]", null, false, false, null, null);
    }

    private Revision revision(int number, String state, String ingressId, String sha, Instant at) {
        return new Revision(declarationId.toString(), number, "ORIGINAL", state, "DEMO-POST", ingressId, sha, at,
                null, "DEMO-CUSTOMS", null, "[]", false);
    }

    @Test
    void firstDraftBecomesRevisionOne() throws Exception {
        when(store.latest(declarationId.toString())).thenReturn(Optional.empty());
        Declaration out = stage.enrich(draft("ingress-1", "a".repeat(64))).orElseThrow().declaration();
        assertThat(out.revision()).isEqualTo(1);
        assertThat(out.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
        verify(store).insertRevision(any());
    }

    @Test
    void identicalContentFromAnotherInterchangeIsIgnored() throws Exception {
        when(store.latest(declarationId.toString()))
                .thenReturn(Optional.of(revision(1, "DELIVERED", "ingress-1", "a".repeat(64), NOW.minusSeconds(3600))));
        assertThat(stage.enrich(draft("ingress-2", "a".repeat(64)))).isEmpty();
        verify(store, never()).insertRevision(any());
    }

    @Test
    void changedContentIsAnAmendment() throws Exception {
        when(store.latest(declarationId.toString()))
                .thenReturn(Optional.of(revision(1, "DELIVERED", "ingress-1", "a".repeat(64), NOW.minusSeconds(3600))));
        Declaration out = stage.enrich(draft("ingress-2", "b".repeat(64))).orElseThrow().declaration();
        assertThat(out.revision()).isEqualTo(2);
        assertThat(out.functionCode()).isEqualTo(FunctionCode.AMENDMENT);
        verify(store).insertRevision(any());
    }

    @Test
    void redeliveredDraftIsSentOnAgainNotDropped() throws Exception {
        when(store.latest(declarationId.toString()))
                .thenReturn(Optional.of(revision(1, "ENRICHED", "ingress-1", "a".repeat(64), NOW.minusSeconds(5))));
        Declaration out = stage.enrich(draft("ingress-1", "a".repeat(64))).orElseThrow().declaration();
        assertThat(out.revision()).isEqualTo(1);
        assertThat(out.functionCode()).isEqualTo(FunctionCode.ORIGINAL);
        verify(store, never()).insertRevision(any());
    }

    @Test
    void theRevisionToSignKeepsItsIngressPartnerAndTheReevaluatedPack() {
        when(store.latest(declarationId.toString()))
                .thenReturn(Optional.of(revision(1, "DELIVERED", "ingress-1", "a".repeat(64), NOW.minusSeconds(3600))));
        DraftMessage d = draft("ingress-2", "a".repeat(64));
        DraftMessage amendment = new DraftMessage(d.draft(), "reeval-1", d.partnerId(), d.contentSha256(),
                FunctionCode.AMENDMENT, d.postalRefs(), d.warningsJson(), null, false, false, null,
                new org.clearway.routes.pipeline.PreviousPack("EU-2026-07", 1));
        org.clearway.routes.pipeline.SignMessage out = stage.enrich(amendment).orElseThrow();
        assertThat(out.ingressId()).isEqualTo("reeval-1");
        assertThat(out.partnerId()).isEqualTo("DEMO-POST");
        assertThat(out.previousPack()).isEqualTo(new org.clearway.routes.pipeline.PreviousPack("EU-2026-07", 1));
        assertThat(out.declaration().revision()).isEqualTo(2);
        assertThat(out.declaration().functionCode()).isEqualTo(FunctionCode.AMENDMENT);
    }

    @Test
    void aStagedRevisionIsSentOnWhileEnrichedAndDroppedOnceSigned() {
        DraftMessage d = draft("ingress-1", "a".repeat(64));
        DraftMessage staged = new DraftMessage(d.draft(), "ingress-1", "DEMO-EXPRESS", "a".repeat(64),
                FunctionCode.ORIGINAL, null, "[]", 1, false, false, null, null);
        when(store.revision(declarationId.toString(), 1)).thenReturn(Optional.empty());
        assertThat(stage.enrich(staged)).hasValueSatisfying(m -> assertThat(m.declaration().revision()).isEqualTo(1));
        verify(store).insertRevision(any());

        when(store.revision(declarationId.toString(), 1))
                .thenReturn(Optional.of(revision(1, "ENRICHED", "ingress-1", "a".repeat(64), NOW.minusSeconds(5))));
        assertThat(stage.enrich(staged)).as("redelivered before signing").isPresent();
        when(store.revision(declarationId.toString(), 1))
                .thenReturn(Optional.of(revision(1, "SIGNED", "ingress-1", "a".repeat(64), NOW.minusSeconds(5))));
        assertThat(stage.enrich(staged)).as("redelivered after signing").isEmpty();
        verify(store).insertRevision(any());
    }
}
