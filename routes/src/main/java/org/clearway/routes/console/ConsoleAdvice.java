package org.clearway.routes.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Console pages get the operator and the CSRF token; their errors are HTML pages (ahead of the
 * API's problem+json advice, which stays in charge everywhere else).
 */
@ControllerAdvice(assignableTypes = ConsoleController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleAdvice {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        var operator = ConsoleSecurity.operator(request);
        model.addAttribute("operator", operator.orElse(null));
        model.addAttribute("canReplay", operator.map(o -> o.role().includes(ConsoleRole.OPERATOR)).orElse(false));
        model.addAttribute("canDiscard", operator.map(o -> o.role().includes(ConsoleRole.ADMIN)).orElse(false));
        model.addAttribute("csrf", ConsoleSecurity.csrfToken(request));
        model.addAttribute("path", request.getRequestURI());
    }

    @ExceptionHandler(ConsoleSecurity.Forbidden.class)
    String forbidden(ConsoleSecurity.Forbidden e, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.warn("console: refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return error(request, response, model, 403, "Not allowed", e.getMessage());
    }

    @ExceptionHandler(ConsoleController.NotFound.class)
    String notFound(ConsoleController.NotFound e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(request, response, model, 404, "Not found", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String badRequest(IllegalArgumentException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(request, response, model, 400, "Bad request", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    String failed(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.error("console: {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return error(request, response, model, 500, "Something went wrong", e.getClass().getSimpleName()
                + " (details in the gateway log)");
    }

    private static String error(HttpServletRequest request, HttpServletResponse response, Model model, int status,
                                String title, String message) {
        response.setStatus(status);
        model.addAttribute("operator", ConsoleSecurity.operator(request).orElse(null));
        model.addAttribute("csrf", ConsoleSecurity.csrfToken(request));
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("status", status);
        model.addAttribute("title", title);
        model.addAttribute("message", message);
        return "console/error";
    }
}
