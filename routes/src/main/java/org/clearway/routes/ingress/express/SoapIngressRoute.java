package org.clearway.routes.ingress.express;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.cxf.Bus;
import org.clearway.mappings.express.SoapShipmentXml;
import org.springframework.stereotype.Component;

/**
 * SOAP ingress of the express carriers, {@code CLEARWAY-EXPRESS-SOAP-1} (PARTNER-APIS §4):
 * {@code POST /soap/express/v1}, WSDL at {@code GET /soap/express/v1?wsdl}. A Camel CXF consumer in
 * PAYLOAD mode on the WSDL-first contract {@code wsdl/express-v1.wsdl}: CXF owns the SOAP envelope
 * (1.1 and 1.2 on the same address, header blocks, fault serialisation, HTTP 500 for faults), the
 * payload stays DOM, and {@link ExpressSoapBinding} maps it to the same JSON and service calls as
 * REST. No JAXB classes are generated: the payload is converted by element name, so the WSDL is
 * the only contract artefact and the REST validator keeps sole say over content.
 *
 * <p>The consumer publishes on the Spring Boot CXF servlet ({@code cxf.path=/soap}) through the
 * application's {@link Bus}. Before CXF sees a request, {@link SoapRequestFilter} has authenticated
 * it, enforced the size limit and refused DOCTYPEs, deep nesting and non-SOAP envelopes. Faults
 * raised here are answers, not failures: the route has no error handler, so they neither retry
 * nor log as errors.
 */
@Component
class SoapIngressRoute extends EndpointRouteBuilder {
    static final String ADDRESS = "/express/v1";

    private final Bus bus;
    private final SoapExchange soap;

    SoapIngressRoute(Bus bus, SoapExchange soap) {
        this.bus = bus;
        this.soap = soap;
    }

    @Override
    public void configure() {
        from(cxf(ADDRESS)
                .wsdlURL("classpath:wsdl/express-v1.wsdl")
                .serviceName("{" + SoapShipmentXml.NS + "}ExpressService")
                .portName("{" + SoapShipmentXml.NS + "}ExpressSoap11Port")
                .dataFormat("PAYLOAD")
                .advanced().bus(bus).cxfConfigurer(new CxfEndpointSetup(bus)))
                .routeId("soap-ingress")
                .errorHandler(noErrorHandler())
                .process(soap);
    }
}
