package org.clearway.routes.ingress.express;

import jakarta.servlet.http.HttpServletRequest;
import com.ctc.wstx.api.WstxInputProperties;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.binding.soap.interceptor.ReadHeadersInterceptor;
import org.apache.cxf.binding.soap.interceptor.Soap11FaultOutInterceptor;
import org.apache.cxf.binding.soap.interceptor.Soap12FaultOutInterceptor;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.clearway.mappings.express.SoapFaultXml;
import org.clearway.mappings.express.SoapShipmentXml;
import org.clearway.mappings.express.SoapXmlGuard;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.RequestIds;
import org.springframework.http.HttpStatus;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Adapts the CXF server endpoint of the express binding to PARTNER-APIS §4 and §1.3 where CXF's
 * defaults differ (each found by test, see ExpressSoapIT):
 * <ul>
 *   <li>SOAP 1.2 on the same address: CXF binds an endpoint to the version of its WSDL binding; its
 *       {@code ReadHeadersInterceptor} answers a 1.2 envelope with "A SOAP 1.2 message is not valid
 *       when sent to a SOAP 1.1 only endpoint", and only the 1.1 fault writer is installed. A
 *       version-free header reader lets the message take its envelope's version (CXF then answers in
 *       it, with its content type) and the fault writer picks the 1.1 or 1.2 form per message;</li>
 *   <li>StAX limits: CXF's defaults allow 100 levels but only 500 attributes per element (a request
 *       within §1.3 failed with "Attribute limit (500) exceeded"); the §1.3 values (64 levels,
 *       10 000 attributes) are set instead, matching {@link SoapXmlGuard};</li>
 *   <li>fault shape: faults CXF raises by itself (an unknown operation element, a Body without
 *       payload) get the same {@code <x:problem>} detail as the binding's own faults.</li>
 * </ul>
 */
final class CxfEndpointSetup implements CxfConfigurer {
    private final Bus bus;

    CxfEndpointSetup(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void configure(AbstractWSDLBasedEndpointFactory factory) {
        // the binding exists only once the server is created
    }

    @Override
    public void configureClient(Client client) {
        // consumer only
    }

    @Override
    public void configureServer(Server server) {
        var endpoint = server.getEndpoint();
        endpoint.put(XMLInputFactory.class.getName(), inputFactory());
        var binding = endpoint.getBinding();
        replace(binding.getInInterceptors(), ReadHeadersInterceptor.class, new ReadHeadersInterceptor(bus));
        replace(binding.getOutFaultInterceptors(), Soap11FaultOutInterceptor.class, new VersionedFaultOut());
    }

    /**
     * CXF's own secure Woodstox factory (no DTDs, entity limits) with the §1.3 depth and attribute
     * limits. CXF reads its {@code org.apache.cxf.stax.*} limits into the factory once, from system
     * properties; per-endpoint values only reach readers through a factory of the endpoint's own.
     */
    private static XMLInputFactory inputFactory() {
        XMLInputFactory factory = StaxUtils.createXMLInputFactory(true);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, SoapXmlGuard.MAX_ATTRIBUTES);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, SoapXmlGuard.MAX_DEPTH);
        return factory;
    }

    private static void replace(List<Interceptor<? extends Message>> list, Class<?> type,
                                Interceptor<? extends Message> replacement) {
        list.removeIf(type::isInstance);
        list.add(replacement);
    }

    /** Adds the §4.2 problem to detail-less faults, then writes the 1.1 or 1.2 form by the request's version. */
    private static final class VersionedFaultOut extends AbstractSoapInterceptor {
        private final Soap11FaultOutInterceptor soap11 = new Soap11FaultOutInterceptor();
        private final Soap12FaultOutInterceptor soap12 = new Soap12FaultOutInterceptor();

        VersionedFaultOut() {
            super(Phase.MARSHAL);
        }

        @Override
        public void handleMessage(SoapMessage message) {
            if (message.getContent(Exception.class) instanceof Fault fault && !hasProblem(fault)) {
                addProblem(message, fault);
            }
            if (message.getVersion() == Soap12.getInstance()) {
                soap12.handleMessage(message);
            } else {
                soap11.handleMessage(message);
            }
        }

        /**
         * A fault CXF raised about the request itself (unknown SOAPAction or operation element, a
         * missing Body, an unreadable XML stream): it carries no cause, or only an XML reading
         * failure as cause. A fault caused by a runtime exception of the gateway stays a server fault.
         */
        static boolean requestProblem(Fault fault) {
            Throwable cause = fault.getCause();
            if (cause == null) {
                return true;
            }
            for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof javax.xml.stream.XMLStreamException || t instanceof org.xml.sax.SAXException
                        || t instanceof java.io.CharConversionException) {
                    return true;
                }
            }
            return false;
        }

        private static boolean hasProblem(Fault fault) {
            Element detail = fault.getDetail();
            for (Node n = detail == null ? null : detail.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (SoapShipmentXml.NS.equals(n.getNamespaceURI()) && "problem".equals(n.getLocalName())) {
                    return true;
                }
            }
            return false;
        }

        private static void addProblem(SoapMessage message, Fault fault) {
            SoapVersion version = message.getVersion();
            String code = fault.getFaultCode() == null ? "" : fault.getFaultCode().getLocalPart();
            boolean mustUnderstand = code.equals(version.getMustUnderstand().getLocalPart());
            boolean mismatch = code.equals(version.getVersionMismatch().getLocalPart());
            boolean client = mustUnderstand || code.equals(version.getSender().getLocalPart()) || "Client".equals(code)
                    || "client".equals(code) || requestProblem(fault);
            ApiProblem api = mismatch ? new ApiProblem(HttpStatus.BAD_REQUEST, "soap-version-mismatch", fault.getMessage())
                    : client ? new ApiProblem(mustUnderstand ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY,
                            "validation-error", fault.getMessage())
                    : new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                            "the gateway could not process the request; nothing was accepted");
            if (mustUnderstand || mismatch) {
                // SOAP 1.1 §4.4.1 / 1.2 §5.4.8: these codes are answers in their own right
                fault.setFaultCode(mustUnderstand ? version.getMustUnderstand() : version.getVersionMismatch());
            } else if (client) {
                fault.setFaultCode(version.getSender());
            } else {
                fault.setFaultCode(version.getReceiver());
            }
            Message in = message.getExchange() == null ? null : message.getExchange().getInMessage();
            HttpServletRequest request = in == null ? null : (HttpServletRequest) in.get(AbstractHTTPDestination.HTTP_REQUEST);
            var problem = ExpressSoapBinding.problem(api, "", RequestIds.of(request));
            Element detail = fault.getOrCreateDetail();
            detail.appendChild(SoapFaultXml.problem(detail.getOwnerDocument(), problem.problem()));
        }
    }
}
