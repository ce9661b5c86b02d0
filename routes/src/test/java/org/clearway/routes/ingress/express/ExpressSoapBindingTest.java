package org.clearway.routes.ingress.express;

import org.clearway.routes.ingress.ApiResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.clearway.mappings.express.SoapFaultXml;
import org.clearway.routes.response.express.DecisionFeed;
import org.clearway.routes.support.ApiProblem;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;
import org.w3c.dom.Element;

/**
 * The SOAP operations must call the same service as REST with the same JSON and keys, and turn its
 * problems into faults whose pointers address the request XML (§4.2), whoever raised them.
 */
class ExpressSoapBindingTest {
    private static final String NS = "urn:clearway:express:soap:1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExpressService express = mock(ExpressService.class);
    private final DecisionFeed feed = mock(DecisionFeed.class);
    private final ExpressSoapBinding binding = new ExpressSoapBinding(express, feed);

    private record TestCall(String headerKey, String httpKey, RuntimeException scopeProblem) implements ExpressSoapBinding.Call {
        @Override
        public String partnerId() {
            return "DEMO-EXPRESS";
        }

        @Override
        public void requireScope(String scope) {
            if (scopeProblem != null) {
                throw scopeProblem;
            }
        }

        @Override
        public String traceId() {
            return "trace-1";
        }
    }

    private static final TestCall CALL = new TestCall("key-1", null, null);

    private static Element xml(String body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            String doc = body.replaceFirst("^<([A-Za-z:]+)", "<$1 xmlns:x=\"" + NS + "\"");
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> pointers(ExpressSoapBinding.SoapProblem p) {
        return p.problem().path("errors").findValuesAsText("pointer");
    }

    @Test
    void submitShipmentSendsTheShipmentJsonAndRendersTheResult() {
        when(express.submitShipment(eq("DEMO-EXPRESS"), eq("key-1"), any(), eq(ExpressStaging.SOAP_DIALECT))).thenReturn(new ApiResult(202,
                json("{\"shipmentRef\":\"shp_1\",\"outcome\":\"ACCEPTED\",\"revision\":1,\"warnings\":[]}"),
                Map.of("Idempotent-Replayed", "true")));
        ExpressSoapBinding.Answer a = binding.answer(xml("<x:SubmitShipmentRequest><x:shipment><x:houseWaybill>1234567891"
                + "</x:houseWaybill><x:pieces>2</x:pieces></x:shipment></x:SubmitShipmentRequest>"), CALL);
        ArgumentCaptor<byte[]> body = ArgumentCaptor.forClass(byte[].class);
        verify(express).submitShipment(eq("DEMO-EXPRESS"), eq("key-1"), body.capture(), eq(ExpressStaging.SOAP_DIALECT));
        assertThat(new String(body.getValue(), StandardCharsets.UTF_8)).isEqualTo("{\"houseWaybill\":\"1234567891\",\"pieces\":2}");
        assertThat(a.element()).isEqualTo("SubmitShipmentResponse");
        assertThat(a.headers()).containsEntry("Idempotent-Replayed", "true");
        Element out = a.toXml(SoapFaultXml.newDocument());
        assertThat(out.getNamespaceURI()).isEqualTo(NS);
        assertThat(out.getElementsByTagNameNS(NS, "outcome").item(0).getTextContent()).isEqualTo("ACCEPTED");
    }

    @Test
    void serviceProblemsGetXPathPointersRelativeToTheRequestElement() {
        when(express.submitShipment(any(), any(), any(), any())).thenThrow(new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY,
                "validation-error", "1 field error", List.of(ApiProblem.fieldError("/lineItems/0/hsCode", "HS_FORMAT", "x"))));
        ExpressSoapBinding.SoapProblem p = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:SubmitShipmentRequest><x:shipment/></x:SubmitShipmentRequest>"), CALL));
        assertThat(pointers(p)).containsExactly("/shipment/lineItems/lineItem[1]/hsCode");
        assertThat(p.code()).isEqualTo(SoapFaultXml.Code.CLIENT);
        assertThat(p.problem().get("traceId").asText()).isEqualTo("trace-1");
        assertThat(p.problem().get("instance").asText()).isEqualTo("urn:clearway:request:trace-1");

        when(express.submitBatch(any(), any(), any(), any())).thenThrow(new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY,
                "batch-too-large", "x", List.of(ApiProblem.fieldError("/shipments/1/lineItems/0/hsCode", "HS_FORMAT", "x"))));
        p = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:SubmitShipmentBatchRequest><x:shipments/></x:SubmitShipmentBatchRequest>"), CALL));
        assertThat(pointers(p)).containsExactly("/shipments/shipment[2]/lineItems/lineItem[1]/hsCode");
    }

    @Test
    void pointersInsideSuccessfulAnswersAreTranslatedToo() {
        when(express.submitBatch(any(), any(), any(), any())).thenReturn(new ApiResult(207, json("""
                {"results":[{"index":0,"status":202,"outcome":"ACCEPTED"},
                 {"index":1,"status":422,"problem":{"errors":[{"pointer":"/shipments/1/lineItems/0/hsCode","code":"HS_FORMAT","index":1}]}}],
                 "accepted":1,"rejected":1}""")));
        Element out = binding.answer(xml("<x:SubmitShipmentBatchRequest><x:shipments/></x:SubmitShipmentBatchRequest>"), CALL)
                .toXml(SoapFaultXml.newDocument());
        assertThat(out.getElementsByTagNameNS(NS, "result").getLength()).isEqualTo(2);
        assertThat(out.getElementsByTagNameNS(NS, "pointer").item(0).getTextContent())
                .isEqualTo("/shipments/shipment[2]/lineItems/lineItem[1]/hsCode");

        when(express.submitShipment(any(), any(), any(), any())).thenReturn(new ApiResult(202, json(
                "{\"shipmentRef\":\"shp_1\",\"warnings\":[{\"pointer\":\"/lineItems/0/colour\",\"code\":\"UNKNOWN_FIELD\"}]}")));
        Element single = binding.answer(xml("<x:SubmitShipmentRequest><x:shipment/></x:SubmitShipmentRequest>"), CALL)
                .toXml(SoapFaultXml.newDocument());
        assertThat(single.getElementsByTagNameNS(NS, "pointer").item(0).getTextContent())
                .isEqualTo("/shipment/lineItems/lineItem[1]/colour");
    }

    @Test
    void structuralXmlErrorsAreValidationFaultsBeforeTheServiceIsCalled() {
        ExpressSoapBinding.SoapProblem p = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:SubmitShipmentRequest><x:shipment><x:pieces>1</x:pieces><x:pieces>2</x:pieces></x:shipment>"
                        + "</x:SubmitShipmentRequest>"), CALL));
        assertThat(p.status()).isEqualTo(422);
        assertThat(pointers(p)).containsExactly("/shipment/pieces");
        verify(express, never()).submitShipment(any(), any(), any(), any());

        p = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:SubmitShipmentRequest/>"), CALL));
        assertThat(pointers(p)).containsExactly("/shipment");
    }

    @Test
    void idempotencyKeyComesFromHeaderBlockOrHttpAndBothMustAgree() {
        assertThat(ExpressSoapBinding.key(new TestCall("a-1", null, null))).isEqualTo("a-1");
        assertThat(ExpressSoapBinding.key(new TestCall(null, "b-2", null))).isEqualTo("b-2");
        assertThat(ExpressSoapBinding.key(new TestCall("c-3", "c-3", null))).isEqualTo("c-3");
        assertThat(ExpressSoapBinding.key(new TestCall(null, null, null))).isNull();
        ExpressSoapBinding.SoapProblem p = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:CancelShipmentRequest><x:shipmentRef>shp_1</x:shipmentRef></x:CancelShipmentRequest>"),
                new TestCall("a-1", "b-2", null)));
        assertThat(p.problem().get("type").asText()).endsWith("/validation-error");
        assertThat(p.problem().at("/errors/0/code").asText()).isEqualTo("INCONSISTENT");
        verify(express, never()).cancel(any(), any(), any());
    }

    @Test
    void getDecisionsPagesTheFeedAsDecisionElements() {
        when(feed.page("DEMO-EXPRESS", "c_1", 2, null)).thenReturn(json(
                "{\"events\":[{\"eventId\":\"evt_1\",\"decision\":{\"taxes\":[{\"amount\":4.14}]}}],\"nextCursor\":\"c_2\",\"hasMore\":false}"));
        ExpressSoapBinding.Answer a = binding.answer(xml("<x:GetDecisionsRequest><x:after>c_1</x:after><x:limit>2</x:limit>"
                + "</x:GetDecisionsRequest>"), CALL);
        Element out = a.toXml(SoapFaultXml.newDocument());
        assertThat(out.getLocalName()).isEqualTo("GetDecisionsResponse");
        Element decision = (Element) out.getElementsByTagNameNS(NS, "decision").item(0);
        assertThat(decision.getParentNode().getLocalName()).isEqualTo("decisions");
        assertThat(decision.getElementsByTagNameNS(NS, "eventId").item(0).getTextContent()).isEqualTo("evt_1");
        assertThat(decision.getElementsByTagNameNS(NS, "tax").item(0).getTextContent()).isEqualTo("4.14");
        assertThat(out.getElementsByTagNameNS(NS, "nextCursor").item(0).getTextContent()).isEqualTo("c_2");

        for (String limit : new String[] {"0", "501", "ten"}) {
            ExpressSoapBinding.SoapProblem p = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                    xml("<x:GetDecisionsRequest><x:limit>" + limit + "</x:limit></x:GetDecisionsRequest>"), CALL));
            assertThat(pointers(p)).as(limit).containsExactly("/limit");
        }
        when(feed.page("DEMO-EXPRESS", null, ExpressSoapBinding.DEFAULT_LIMIT, null))
                .thenReturn(json("{\"events\":[],\"hasMore\":false}"));
        Element empty = binding.answer(xml("<x:GetDecisionsRequest/>"), CALL).toXml(SoapFaultXml.newDocument());
        assertThat(empty.getElementsByTagNameNS(NS, "decisions").getLength()).isEqualTo(1);
        assertThat(empty.getElementsByTagNameNS(NS, "nextCursor").getLength()).isZero();
    }

    @Test
    void answerInformationRequestSendsDecisionIdAndMergePatch() {
        when(express.informationResponse(any(), any(), any(), any(), any())).thenReturn(new ApiResult(202, json("{\"revision\":2}")));
        binding.answer(xml("<x:AnswerInformationRequestRequest><x:shipmentRef>shp_1</x:shipmentRef>"
                + "<x:decisionId>d-1</x:decisionId><x:shipment><x:incoterm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:nil=\"true\"/></x:shipment></x:AnswerInformationRequestRequest>"), CALL);
        ArgumentCaptor<byte[]> body = ArgumentCaptor.forClass(byte[].class);
        verify(express).informationResponse(eq("DEMO-EXPRESS"), eq("key-1"), eq("shp_1"), body.capture(), eq(ExpressStaging.SOAP_DIALECT));
        assertThat(json(new String(body.getValue(), StandardCharsets.UTF_8)))
                .isEqualTo(json("{\"decisionId\":\"d-1\",\"shipment\":{\"incoterm\":null}}"));
    }

    @Test
    void scopeProblemsAndUnexpectedErrorsBecomeClientAndServerFaults() {
        ExpressSoapBinding.SoapProblem forbidden = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:GetDecisionsRequest/>"), new TestCall(null, null,
                        new ApiProblem(HttpStatus.FORBIDDEN, "forbidden-scope", "no decisions:read"))));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.code()).isEqualTo(SoapFaultXml.Code.CLIENT);
        verify(feed, never()).page(any(), any(), anyInt(), any());

        when(express.status(any(), any())).thenThrow(new IllegalStateException("database down"));
        ExpressSoapBinding.SoapProblem broken = catchThrowableOfType(ExpressSoapBinding.SoapProblem.class, () -> binding.answer(
                xml("<x:GetShipmentStatusRequest><x:shipmentRef>shp_1</x:shipmentRef></x:GetShipmentStatusRequest>"), CALL));
        assertThat(broken.code()).isEqualTo(SoapFaultXml.Code.SERVER);
        assertThat(broken.problem().get("type").asText()).endsWith("/internal-error");
        assertThat(broken.problem().toString()).doesNotContain("database down");
    }
}
