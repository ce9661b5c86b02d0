package org.clearway.routes.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last-resort error page as problem+json instead of its HTML report. Requests Tomcat
 * refuses before any servlet runs (an invalid character in the path or an {@code Idempotency-Key}
 * header, an undecodable {@code %} sequence) never reach {@code /error}; this valve answers them.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        ProblemException p = ProblemErrorController.forStatus(resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved);
        String path = request.getDecodedRequestURI() == null ? "" : request.getDecodedRequestURI();
        String id = request.getRequest() == null ? null : RequestIds.of(request.getRequest());
        try {
            byte[] bytes = new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsBytes(ProblemResponses.document(p, path, id));
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing more to answer
        }
    }
}
