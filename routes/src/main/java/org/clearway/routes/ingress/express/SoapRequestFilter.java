package org.clearway.routes.ingress.express;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.clearway.mappings.express.SoapFaultXml;
import org.clearway.mappings.express.SoapXmlGuard;
import org.clearway.mappings.express.SoapXmlGuard.Verdict;
import org.clearway.routes.support.ApiProblem;
import org.clearway.routes.support.EdgePaths;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.ProblemResponses;
import java.util.List;
import java.util.Map;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a SOAP request on {@code /soap/*} must pass before CXF parses a byte of it (PARTNER-APIS
 * §1.1, §1.3, §4), in this order:
 * <ol>
 *   <li>authentication: no or an unknown {@code Authorization: Bearer} key is a plain HTTP 401 with
 *       {@code WWW-Authenticate} and no envelope (an HTTP-level answer every SOAP stack reports as
 *       such; an unauthenticated body is never parsed). Scopes are checked per operation later
 *       (403 {@code forbidden-scope} as a fault);</li>
 *   <li>media type: anything but {@code text/xml} or {@code application/soap+xml} is a plain 415;</li>
 *   <li>size: {@code Content-Length} above {@code clearway.api.max-soap-bytes} is 413 at once; a
 *       chunked body is counted while it is read and cut off at the limit. 413 has no envelope;</li>
 *   <li>structure: {@link SoapXmlGuard} (DOCTYPE, depth, attributes, SOAP envelope namespace). Its
 *       faults are written here, HTTP 500, in the SOAP version of the envelope (or of the
 *       Content-Type when the envelope was not reached): {@code soap:Client} with problem
 *       {@code xml-forbidden-construct}, {@code soap:VersionMismatch}, or {@code soap:Client}
 *       {@code malformed-xml}.</li>
 * </ol>
 * CXF then reads the buffered bytes. The WSDL ({@code GET ?wsdl}) needs no key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class SoapRequestFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(SoapRequestFilter.class);

    /** Request attribute holding the authenticated partner id. */
    public static final String PARTNER_ATTRIBUTE = "clearway.soap.partnerId";

    private final Partners partners;
    private final GatewayProperties properties;
    private final SoapXmlGuard guard = new SoapXmlGuard();

    public SoapRequestFilter(Partners partners, GatewayProperties properties) {
        this.partners = partners;
        this.properties = properties;
    }

    /**
     * Keyed on the normalised path the container dispatches ({@link EdgePaths}): {@code /%73oap/...},
     * {@code /soap;x=1/...} and {@code //soap/...} all reach the CXF servlet, so all are guarded.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !EdgePaths.under(request, "/soap");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            if (wsdlRequest(request)) {
                chain.doFilter(request, response);
            } else if ("GET".equals(request.getMethod()) && request.getQueryString() != null) {
                // CXF resolves ?wsdl=<name> and ?xsd=<name> against its documents and fails on unknown ones
                ProblemResponses.write(request, response, new ApiProblem(HttpStatus.NOT_FOUND, "not-found",
                        "the only document here is ?wsdl"));
            } else {
                ProblemResponses.write(request, response, new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED,
                        "method-not-allowed", request.getMethod() + " is not allowed on a SOAP endpoint; POST an envelope"
                        + " or GET ?wsdl", List.of(), Map.of("Allow", "POST")));
            }
            return;
        }
        Optional<String> partner = bearer(request).flatMap(partners::idForApiKey);
        if (partner.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"clearway\"");
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            return;
        }
        if (!soapContentType(request)) {
            // §1.4 / §4: text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2) only
            response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
            response.setHeader("Accept", "text/xml, application/soap+xml");
            return;
        }
        long max = properties.api().maxSoapBytes();
        long declared = request.getContentLengthLong();
        byte[] body = declared > max ? null : readAtMost(request.getInputStream(), max);
        if (body == null) {
            log.info("SOAP request of partner {} refused: body over {} bytes (Content-Length {})", partner.get(), max, declared);
            response.setHeader("Connection", "close");
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            return;
        }
        if (!decodable(request, body)) {
            var p = ExpressSoapBinding.problem(new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-encoding",
                    "the body is not valid in the charset of its Content-Type (UTF-8 unless declared)"), "", RequestIds.of(request));
            byte[] envelope = SoapFaultXml.envelope(soap12ContentType(request), SoapFaultXml.Code.CLIENT,
                    "Request body is not valid UTF-8", p.problem());
            writeFault(response, envelope, soap12ContentType(request));
            return;
        }
        Verdict verdict = guard.check(body);
        if (!verdict.ok()) {
            boolean soap12 = verdict.envelopeNamespace() != null ? verdict.soap12() : soap12ContentType(request);
            fault(request, response, verdict, soap12);
            return;
        }
        if (!hasBody(body, verdict.envelopeNamespace())) {
            // CXF's reader fails on a Body-less envelope with an IllegalStateException, a soap:Server fault
            var p = ExpressSoapBinding.problem(new ApiProblem(HttpStatus.BAD_REQUEST, "validation-error",
                    "the SOAP envelope has no Body"), "", RequestIds.of(request));
            writeFault(response, SoapFaultXml.envelope(verdict.soap12(), SoapFaultXml.Code.CLIENT,
                    "the SOAP envelope has no Body", p.problem()), verdict.soap12());
            return;
        }
        request.setAttribute(PARTNER_ATTRIBUTE, partner.get());
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    private void fault(HttpServletRequest request, HttpServletResponse response, Verdict verdict, boolean soap12)
            throws IOException {
        String traceId = RequestIds.of(request);
        log.info("SOAP request {} refused before parsing: {} ({})", traceId, verdict.outcome(), verdict.detail());
        byte[] envelope;
        if (verdict.outcome() == SoapXmlGuard.Outcome.VERSION_MISMATCH) {
            // SOAP 1.1 §4.4.1: the fault of a node that cannot tell the version is a 1.1 fault
            var p = ExpressSoapBinding.problem(new ApiProblem(HttpStatus.BAD_REQUEST, "soap-version-mismatch", verdict.detail()), "", traceId);
            envelope = SoapFaultXml.envelope(false, SoapFaultXml.Code.VERSION_MISMATCH,
                    "the envelope namespace is not a SOAP 1.1 or 1.2 namespace", p.problem());
            soap12 = false;
        } else {
            String slug = verdict.outcome() == SoapXmlGuard.Outcome.FORBIDDEN_CONSTRUCT ? "xml-forbidden-construct" : "malformed-xml";
            var p = ExpressSoapBinding.problem(new ApiProblem(HttpStatus.BAD_REQUEST, slug, verdict.detail()), "", traceId);
            String reason = "malformed-xml".equals(slug) ? "Request body is not well-formed XML" : p.title();
            envelope = SoapFaultXml.envelope(soap12, SoapFaultXml.Code.CLIENT, reason, p.problem());
        }
        writeFault(response, envelope, soap12);
    }

    private static void writeFault(HttpServletResponse response, byte[] envelope, boolean soap12) throws IOException {
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        response.setContentType((soap12 ? "application/soap+xml" : "text/xml") + "; charset=utf-8");
        response.setContentLength(envelope.length);
        response.getOutputStream().write(envelope);
    }

    /** Whether the envelope (already checked by the guard: no DOCTYPE, bounded depth) has a Body child. */
    static boolean hasBody(byte[] body, String envelopeNamespace) {
        javax.xml.stream.XMLInputFactory factory = javax.xml.stream.XMLInputFactory.newFactory();
        factory.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            javax.xml.stream.XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && "Body".equals(reader.getLocalName())
                            && java.util.Objects.equals(envelopeNamespace, reader.getNamespaceURI())) {
                        return true;
                    }
                } else if (event == javax.xml.stream.XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return false;
        } catch (javax.xml.stream.XMLStreamException e) {
            // the guard accepted it as well-formed; let CXF report what it finds
            return true;
        }
    }

    private static int indexOfNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code GET ?wsdl} (any case, no value): the one document CXF publishes here. */
    private static boolean wsdlRequest(HttpServletRequest request) {
        String query = request.getQueryString();
        return "GET".equals(request.getMethod()) && query != null
                && (query.equalsIgnoreCase("wsdl") || query.equalsIgnoreCase("wsdl="));
    }

    /**
     * §4: {@code charset=utf-8}. A body that does not decode in its declared charset (UTF-16 bytes
     * sent as UTF-8, stray bytes) is the sender's mistake, answered as a client fault here rather than
     * as whatever CXF's reader throws later.
     */
    static boolean decodable(HttpServletRequest request, byte[] body) {
        String declared = request.getCharacterEncoding();
        java.nio.charset.Charset charset;
        try {
            charset = declared == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(declared.strip());
        } catch (RuntimeException e) {
            return false;
        }
        if (charset.equals(StandardCharsets.UTF_8) && indexOfNul(body) >= 0) {
            // XML has no NUL character: NULs in "UTF-8" are UTF-16 (or worse) under the wrong label
            return false;
        }
        if (charset.equals(StandardCharsets.UTF_8) && body.length >= 2
                && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return false;
        }
        try {
            charset.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static boolean soapContentType(HttpServletRequest request) {
        String type = request.getContentType();
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return t.startsWith("text/xml") || t.startsWith("application/soap+xml");
    }

    private static boolean soap12ContentType(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/soap+xml");
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    /** The whole body, or null as soon as it exceeds {@code max} bytes (streaming counter for chunked bodies). */
    static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16_384];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The request with its body already read and checked. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
