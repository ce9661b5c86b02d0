package org.clearway.routes.ingress.express;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.headers.Header;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.clearway.mappings.express.SoapFaultXml;
import org.clearway.mappings.express.SoapShipmentXml;
import org.clearway.routes.support.ApiAuth;
import org.clearway.routes.support.ApiProblem;
import org.springframework.http.HttpStatus;
import org.clearway.routes.support.RateLimiter;
import org.clearway.routes.support.RequestIds;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The CXF side of one SOAP exchange: takes the payload element, the header blocks and the servlet
 * request out of the Camel exchange, lets {@link ExpressSoapBinding} answer, and turns its answer
 * into the response payload (plus HTTP headers such as {@code Idempotent-Replayed}) or its problem
 * into a {@link SoapFault} of the request's SOAP version whose detail is {@code <x:problem>}.
 */
@Component
class SoapExchange implements Processor {
    private final ExpressSoapBinding binding;
    private final ApiAuth auth;
    private final RateLimiter rateLimiter;

    SoapExchange(ExpressSoapBinding binding, ApiAuth auth, RateLimiter rateLimiter) {
        this.binding = binding;
        this.auth = auth;
        this.rateLimiter = rateLimiter;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        CxfPayload<Header> payload = exchange.getIn().getBody(CxfPayload.class);
        Message cxf = exchange.getIn().getHeader(CxfConstants.CAMEL_CXF_MESSAGE, Message.class);
        HttpServletRequest http = (HttpServletRequest) cxf.get(AbstractHTTPDestination.HTTP_REQUEST);
        HttpServletResponse response = (HttpServletResponse) cxf.get(AbstractHTTPDestination.HTTP_RESPONSE);
        SoapVersion version = ((SoapMessage) cxf).getVersion();
        List<Element> body = payload == null ? List.of() : payload.getBody();
        String headerKey = payload == null ? null : headerKey(payload.getHeaders());
        // Camel carries every request header (Authorization included) on the message and CXF would
        // write them back as response headers: the answer starts from none
        exchange.getMessage().removeHeaders("*");
        ExpressSoapBinding.Call call = new ExpressSoapBinding.Call() {
            @Override
            public String partnerId() {
                return (String) http.getAttribute(SoapRequestFilter.PARTNER_ATTRIBUTE);
            }

            @Override
            public void requireScope(String scope) {
                auth.requireScope(http, scope);
                rateLimiter.acquire(partnerId());
            }

            @Override
            public String headerKey() {
                return headerKey;
            }

            @Override
            public String httpKey() {
                return http.getHeader("Idempotency-Key");
            }

            @Override
            public String traceId() {
                return RequestIds.of(http);
            }
        };
        try {
            if (body.isEmpty()) {
                throw ExpressSoapBinding.problem(new ApiProblem(HttpStatus.BAD_REQUEST, "validation-error",
                        "the SOAP Body holds no request element"), "", traceIdOf(http));
            }
            ExpressSoapBinding.Answer answer = binding.answer(body.get(0), call);
            answer.headers().forEach(response::setHeader);
            Document document = SoapFaultXml.newDocument();
            exchange.getMessage().setBody(new CxfPayload<Header>(List.of(), List.of(answer.toXml(document))));
        } catch (ExpressSoapBinding.SoapProblem problem) {
            problem.headers().forEach(response::setHeader);
            SoapFault fault = new SoapFault(problem.title(),
                    problem.code() == SoapFaultXml.Code.CLIENT ? version.getSender() : version.getReceiver());
            Element detail = fault.getOrCreateDetail();
            detail.appendChild(SoapFaultXml.problem(detail.getOwnerDocument(), problem.problem()));
            throw fault;
        }
    }

    private static String traceIdOf(HttpServletRequest http) {
        return RequestIds.of(http);
    }

    private static String headerKey(List<Header> headers) {
        if (headers == null) {
            return null;
        }
        for (Header h : headers) {
            if (h.getObject() instanceof Element e && SoapShipmentXml.NS.equals(e.getNamespaceURI())
                    && "IdempotencyKey".equals(e.getLocalName())) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
