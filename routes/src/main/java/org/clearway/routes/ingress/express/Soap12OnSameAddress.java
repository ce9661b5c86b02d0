package org.clearway.routes.ingress.express;

import java.util.List;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.binding.soap.interceptor.ReadHeadersInterceptor;
import org.apache.cxf.binding.soap.interceptor.Soap11FaultOutInterceptor;
import org.apache.cxf.binding.soap.interceptor.Soap12FaultOutInterceptor;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;

/**
 * Lets the SOAP 1.1 endpoint of the WSDL also take SOAP 1.2 envelopes (PARTNER-APIS §4: "accepted
 * on the same URL"). CXF binds an endpoint to the version of its WSDL binding: its
 * {@code ReadHeadersInterceptor} answers a 1.2 envelope with "A SOAP 1.2 message is not valid when
 * sent to a SOAP 1.1 only endpoint", and only the 1.1 fault writer is installed. This configurer
 * swaps in a {@code ReadHeadersInterceptor} without a fixed version (the message takes the
 * version of its envelope, which CXF then also uses for the response and its content type) and a
 * fault writer that picks the 1.1 or 1.2 fault form by the message's version.
 */
final class Soap12OnSameAddress implements CxfConfigurer {
    private final org.apache.cxf.Bus bus;

    Soap12OnSameAddress(org.apache.cxf.Bus bus) {
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
        var binding = server.getEndpoint().getBinding();
        replace(binding.getInInterceptors(), ReadHeadersInterceptor.class, new ReadHeadersInterceptor(bus));
        replace(binding.getOutFaultInterceptors(), Soap11FaultOutInterceptor.class, new VersionedFaultOut());
    }

    private static void replace(List<Interceptor<? extends Message>> list, Class<?> type,
                                Interceptor<? extends Message> replacement) {
        list.removeIf(type::isInstance);
        list.add(replacement);
    }

    /** The 1.1 or the 1.2 fault writer, by the version the request arrived in. */
    private static final class VersionedFaultOut extends AbstractSoapInterceptor {
        private final Soap11FaultOutInterceptor soap11 = new Soap11FaultOutInterceptor();
        private final Soap12FaultOutInterceptor soap12 = new Soap12FaultOutInterceptor();

        VersionedFaultOut() {
            super(Phase.MARSHAL);
        }

        @Override
        public void handleMessage(SoapMessage message) {
            if (message.getVersion() == Soap12.getInstance()) {
                soap12.handleMessage(message);
            } else {
                soap11.handleMessage(message);
            }
        }
    }
}
