package org.clearway.routes;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The express API's OpenAPI document ({@code openapi/clearway-express-v1.yaml}) as a test oracle:
 * checks a request (method, path with query, headers, body) and the answer to it (status, headers,
 * body) and fails with the validator's messages. Unknown members stay allowed, as PARTNER-APIS §1.4
 * ignores them (the validator would otherwise treat every schema as closed).
 */
public final class OpenApiContract {
    /** Classpath location of the document, the same file the gateway serves. */
    public static final String RESOURCE = "openapi/clearway-express-v1.yaml";

    /** One HTTP request as sent; {@code path} may carry a query string. Header names are case-insensitive. */
    public record Call(String method, String path, Map<String, String> headers, String body) {
        public Call {
            method = method.toUpperCase(Locale.ROOT);
            headers = Map.copyOf(headers);
        }
    }

    /** One HTTP answer as received. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
        public Answer {
            headers = Map.copyOf(headers);
        }
    }

    private final OpenApiInteractionValidator validator;
    private final String name;

    private OpenApiContract(String document, String name) {
        this.name = name;
        this.validator = OpenApiInteractionValidator.createFor(withOperationSecurity(document))
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    /**
     * The validator checks only operation-level {@code security}; copy the document's global
     * requirement onto every operation that does not declare its own (OpenAPI 3.0 §4.7.1).
     */
    private static OpenAPI withOperationSecurity(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        OpenAPI api = parsed.getOpenAPI();
        if (api == null || !parsed.getMessages().isEmpty()) {
            throw new IllegalArgumentException("not a valid OpenAPI document: " + parsed.getMessages());
        }
        if (api.getSecurity() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                if (op.getSecurity() == null) {
                    op.setSecurity(api.getSecurity());
                }
            }));
        }
        return api;
    }

    /** The document as packaged with the gateway. */
    public static OpenApiContract fromClasspath() {
        return of(document());
    }

    /** A contract from document text, e.g. the one the running gateway serves. */
    public static OpenApiContract of(String document) {
        return new OpenApiContract(document, RESOURCE);
    }

    /** Another packaged document (e.g. {@code openapi/clearway-admin-v1.yaml}) as served text. */
    public static OpenApiContract of(String document, String resource) {
        return new OpenApiContract(document, resource);
    }

    /** The packaged express document's text. */
    public static String document() {
        return document(RESOURCE);
    }

    /** A packaged document's text. */
    public static String document(String resource) {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Error messages about the request alone; empty when it conforms. */
    public List<String> requestErrors(Call call) {
        return errors(validator.validateRequest(request(call)));
    }

    /** Error messages about the answer to {@code call}; empty when it conforms. */
    public List<String> answerErrors(Call call, Answer answer) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
        answer.headers().forEach((name, values) -> {
            if (name != null && !values.isEmpty()) {
                response.withHeader(name, values);
            }
        });
        if (answer.body() != null && !answer.body().isEmpty()) {
            response.withBody(answer.body());
        }
        return errors(validator.validateResponse(pathOnly(call.path()), Request.Method.valueOf(call.method()),
                response.build()));
    }

    /** Fails unless the request conforms. */
    public void assertRequestConforms(Call call) {
        failOn("request " + call.method() + " " + call.path(), requestErrors(call));
    }

    /** Fails unless the answer conforms (the request itself may deliberately break the contract). */
    public void assertAnswerConforms(Call call, Answer answer) {
        failOn("answer " + answer.status() + " to " + call.method() + " " + call.path(), answerErrors(call, answer));
    }

    /** Fails unless both request and answer conform. */
    public void assertConforms(Call call, Answer answer) {
        List<String> all = new ArrayList<>(requestErrors(call));
        answerErrors(call, answer).forEach(e -> all.add("answer " + answer.status() + ": " + e));
        failOn(call.method() + " " + call.path(), all);
    }

    /** Fails unless the document rejects the request with a message whose key contains {@code keyPart}. */
    public void assertRequestBreaks(Call call, String keyPart) {
        List<String> errors = requestErrors(call);
        if (errors.stream().noneMatch(e -> e.contains(keyPart))) {
            throw new AssertionError("expected the contract to reject " + call.method() + " " + call.path()
                    + " with " + keyPart + ", got " + (errors.isEmpty() ? "no error" : errors));
        }
    }

    private static SimpleRequest request(Call call) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(call.method(), pathOnly(call.path()));
        call.headers().forEach(request::withHeader);
        query(call.path()).forEach(request::withQueryParam);
        if (call.body() != null) {
            request.withBody(call.body());
        }
        return request.build();
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static Map<String, List<String>> query(String path) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return params;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static List<String> errors(ValidationReport report) {
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                StringBuilder line = new StringBuilder(m.getKey()).append(": ").append(m.getMessage());
                m.getNestedMessages().forEach(n -> line.append(" | ").append(n.getMessage()));
                errors.add(line.toString());
            }
        }
        return errors;
    }

    private void failOn(String what, List<String> errors) {
        if (!errors.isEmpty()) {
            throw new AssertionError(what + " breaks " + name + ":\n  - " + String.join("\n  - ", errors));
        }
    }
}
