package org.clearway.routes.support;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.ClientAbortException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every HTTP error leaves as {@code application/problem+json} (RFC 9457). Postal and customs
 * endpoints use {@code urn:clearway:problem:*} types; the express and platform APIs use the
 * PARTNER-APIS §2 form (type URL, stable title, {@code instance}, {@code traceId}).
 */
@RestControllerAdvice
public class ProblemAdvice {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<ProblemDetail> problem(ProblemException e, HttpServletRequest request) {
        ProblemException p = e;
        if (!(e instanceof ApiProblem) && RequestIds.isPartnerApi(request)) {
            p = new ApiProblem(e.status(), slugOf(e), e.getMessage(), e.errors(), e.headers());
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(p.status(), p.getMessage());
        body.setType(p.type());
        if (p instanceof ApiProblem api) {
            body.setTitle(api.title());
            String id = RequestIds.of(request);
            if (id != null) {
                body.setInstance(java.net.URI.create("urn:clearway:request:" + id));
                body.setProperty("traceId", id);
            }
        } else {
            body.setTitle(p.status().getReasonPhrase());
        }
        if (!p.errors().isEmpty()) {
            body.setProperty("errors", p.errors());
        }
        if (p instanceof ApiProblem api && !api.warnings().isEmpty()) {
            body.setProperty("warnings", api.warnings());
        }
        HttpHeaders headers = new HttpHeaders();
        p.headers().forEach(headers::add);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, p.status());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "media type " + e.getContentType() + " is not accepted here; use " + e.getSupportedMediaTypes()), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(new ProblemException(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                e.getMethod().toUpperCase(Locale.ROOT) + " is not allowed on this resource"), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return problem(ProblemException.notFound("resource"), request);
    }

    /** Non-integer {@code ?limit=}, {@code ?fromLine=} and the like: 400 with the parameter as pointer. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(RequestChecks.invalid(e.getName(), "TYPE", e.getName() + " must be "
                + (e.getRequiredType() == null ? "well-formed" : "a value of type " + e.getRequiredType().getSimpleName())), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return problem(RequestChecks.invalid(e.getParameterName(), "REQUIRED", e.getParameterName() + " is required"), request);
    }

    /** Other binding failures (missing header, path variable, unreadable body): the caller's mistake, not ours. */
    @ExceptionHandler({ServletRequestBindingException.class, HttpMessageNotReadableException.class,
            HandlerMethodValidationException.class, MethodArgumentNotValidException.class})
    public ResponseEntity<ProblemDetail> binding(Exception e, HttpServletRequest request) {
        log.debug("request refused while binding: {}", e.getMessage());
        return problem(new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameter",
                "the request could not be bound: " + e.getClass().getSimpleName()), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(new ProblemException(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                "this resource answers only " + e.getSupportedMediaTypes()), request);
    }

    /** A client that went away while its body was read is nobody's 500. */
    @ExceptionHandler(ClientAbortException.class)
    public void aborted(ClientAbortException e) {
        log.debug("client aborted: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (brokerUnavailable(e)) {
            // The broker is restarting or failing over: the request was not completed and may be sent
            // again as it is (postal resends are recognised by their bytes, express by Idempotency-Key,
            // decisions by backendDecisionRef), so "try again", never a 5xx that reads as a defect.
            log.warn("answering 503: the message broker is unavailable ({})", rootMessage(e));
            return problem(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "the gateway's message broker is unavailable; send the same request again later",
                    List.of(), Map.of("Retry-After", String.valueOf(BROKER_RETRY_AFTER_SECONDS))), request);
        }
        log.error("unexpected error answering a request", e);
        return problem(new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the gateway could not process the request; nothing was accepted"), request);
    }

    /** Seconds a caller is asked to wait while the broker is away (a restart takes a few seconds). */
    static final int BROKER_RETRY_AFTER_SECONDS = 2;

    /** Whether {@code e} was caused by the JMS broker being unreachable or going away mid-request. */
    public static boolean brokerUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.jms.JMSException || t instanceof org.springframework.jms.JmsException
                    || t instanceof org.apache.activemq.artemis.api.core.ActiveMQException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String slugOf(ProblemException e) {
        String urn = e.type().toString();
        String slug = urn.substring(urn.lastIndexOf(':') + 1);
        return switch (slug) {
            case "forbidden" -> "forbidden-scope";
            default -> slug;
        };
    }
}
