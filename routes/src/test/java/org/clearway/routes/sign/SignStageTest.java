package org.clearway.routes.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.customs.CustomsFormats;
import org.clearway.routes.pipeline.DeliverMessage;
import org.clearway.routes.pipeline.PreviousPack;
import org.clearway.routes.pipeline.SignMessage;
import org.clearway.routes.rules.RuleApplier;
import org.clearway.routes.store.DeclarationStore;
import org.clearway.routes.store.RuleEvaluationStore;
import org.clearway.routes.store.TraceLog;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.clearway.security.CmsVerifier;
import org.clearway.security.DetachedCmsSigner;
import org.clearway.security.KeyAlgorithm;
import org.clearway.security.KeyMaterial;
import org.clearway.security.SigningKeys;
import org.junit.jupiter.api.Test;

/**
 * The sign stage as a plain method, record in and record out: the emission it hands on is the exact
 * signed bytes with a signature that verifies, and a redelivered revision keeps its emission id.
 */
class SignStageTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final KeyMaterial key = SigningKeys.generateDevelopment(KeyAlgorithm.EC_P256, clock);
    private final DeclarationStore store = mock(DeclarationStore.class);
    private final RuleApplier rules = mock(RuleApplier.class);
    private final SignStage stage;
    private final Declaration declaration;

    SignStageTest() throws Exception {
        when(rules.apply(any())).thenAnswer(i -> i.getArgument(0));
        stage = new SignStage(new DetachedCmsSigner(key, clock), store, mock(TraceLog.class), new Partners(properties()),
                new ObjectMapper().findAndRegisterModules(), clock, rules, mock(RuleEvaluationStore.class),
                new CustomsFormats(List.of()));
        try (InputStream in = getClass().getResourceAsStream("/rules/declaration-example.json")) {
            declaration = CanonicalJson.readDeclaration(in.readAllBytes());
        }
    }

    private static GatewayProperties properties() {
        return new GatewayProperties(Path.of("data"), new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", Map.of(), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE),
                GatewayProperties.Api.defaults(), Map.of(), List.of(), Map.of());
    }

    @Test
    void theEmissionIsTheSignedCanonicalBytesWithAVerifyingSignature() {
        when(store.latestEmission(any(), anyInt())).thenReturn(Optional.empty());
        DeliverMessage out = stage.sign(new SignMessage(declaration, "ing-1", "DEMO-POST", null));

        Declaration sent = CanonicalJson.readDeclaration(out.payload());
        assertThat(sent.gatewayMessageId().toString()).isEqualTo(out.gatewayMessageId())
                .isNotEqualTo(declaration.gatewayMessageId().toString());
        assertThat(out.payload()).isEqualTo(CanonicalJson.write(sent));
        assertThat(out.declarationId()).isEqualTo(declaration.declarationId().toString());
        assertThat(out.revision()).isEqualTo(declaration.revision());
        assertThat(out.backendId()).isEqualTo(declaration.destinationCustoms().backendId());
        assertThat(out.mediaType()).isEqualTo(CustomsFormats.CANONICAL_JSON_V1.mediaType());
        assertThat(out.ingressId()).isEqualTo("ing-1");
        assertThat(new CmsVerifier(key.chain(), clock).verifyBase64(out.payload(), out.signature()).isValid()).isTrue();
        verify(store).insertEmission(any());
        verify(store).markSigned(eq(out.declarationId()), eq(out.revision()), eq(out.gatewayMessageId()), eq(NOW));
    }

    @Test
    void aRedeliveredRevisionKeepsItsEmissionId() {
        String earlier = "0193f1c2-8b10-7d44-a1f3-000000000001";
        when(store.latestEmission(declaration.declarationId().toString(), declaration.revision()))
                .thenReturn(Optional.of(new DeclarationStore.Emission(7, earlier, declaration.declarationId().toString(),
                        declaration.revision(), declaration.destinationCustoms().backendId(), "application/json", "{}",
                        null, null, "k", NOW.minusSeconds(5))));
        DeliverMessage out = stage.sign(new SignMessage(declaration, "ing-1", "DEMO-POST", null));
        assertThat(out.gatewayMessageId()).isEqualTo(earlier);
        assertThat(CanonicalJson.readDeclaration(out.payload()).gatewayMessageId().toString()).isEqualTo(earlier);
        verify(store, never()).insertEmission(any());
    }

    @Test
    void aReevaluatedAmendmentNamesThePreviousPack() {
        when(store.latestEmission(any(), anyInt())).thenReturn(Optional.empty());
        DeliverMessage out = stage.sign(new SignMessage(declaration, "ing-1", "DEMO-POST",
                new PreviousPack("EU-2026-07", 1)));
        assertThat(CanonicalJson.readDeclaration(out.payload()).dataQuality().flags())
                .anySatisfy(f -> {
                    assertThat(f.code()).isEqualTo(FlagCode.RULE_PACK_CHANGED);
                    assertThat(f.detail()).startsWith("EU-2026-07 v1 -> ");
                });
    }
}
