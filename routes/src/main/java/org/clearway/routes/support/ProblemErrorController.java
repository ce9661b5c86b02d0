package org.clearway.routes.support;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page ({@code /error}) answers problem+json, replacing Boot's
 * whitelabel/JSON error controller: errors raised outside Spring MVC (a filter, CXF, the
 * container rejecting a header) leave in the same contract as those of {@link ProblemAdvice}. A
 * request for {@code /error} itself (no error dispatch) is 404, not the 500 Boot's controller
 * answered.
 */
@Controller
public class ProblemErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            ProblemResponses.write(request, response, ProblemException.notFound("resource"));
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        if (resolved == null || status < 400) {
            resolved = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (resolved.is5xxServerError()) {
            log.error("error dispatch {} for {}", status, request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure instanceof Throwable t ? t : null);
        }
        ProblemResponses.write(request, response, forStatus(resolved));
    }

    /** The problem of a bare status (no exception the advice could map). */
    static ProblemException forStatus(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> ProblemException.notFound("resource");
            case METHOD_NOT_ALLOWED -> new ProblemException(status, "method-not-allowed", "method not allowed here");
            case PAYLOAD_TOO_LARGE -> new ProblemException(status, "payload-too-large", "request body too large");
            case UNSUPPORTED_MEDIA_TYPE -> new ProblemException(status, "unsupported-media-type", "media type not accepted");
            case UNAUTHORIZED -> new ProblemException(status, "unauthorized", "missing or unknown API key");
            case BAD_REQUEST -> new ProblemException(status, "bad-request",
                    "the request is not valid HTTP (request line, path or header characters)");
            default -> status.is5xxServerError()
                    ? new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                            "the gateway could not process the request; nothing was accepted")
                    : new ProblemException(status, "request-refused", status.getReasonPhrase());
        };
    }
}
