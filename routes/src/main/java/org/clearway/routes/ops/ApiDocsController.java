package org.clearway.routes.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clearway.routes.support.ProblemException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAPI documents of the non-express APIs, as packaged ({@code openapi/*.yaml}), served
 * without authentication at {@code /openapi/<name>.yaml} (they hold no partner data); Swagger UI
 * ({@code /swagger-ui.html}) lists them. The express document keeps its own address
 * ({@code /v1/express/openapi.yaml}).
 */
@RestController
public class ApiDocsController {
    /** Document names below {@code openapi/} on the classpath. */
    public static final List<String> DOCUMENTS = List.of("clearway-admin-v1", "clearway-customs-v1", "clearway-postal-v1",
            "clearway-platform-v1");

    private final Map<String, byte[]> documents = new LinkedHashMap<>();

    public ApiDocsController() {
        for (String name : DOCUMENTS) {
            try (InputStream in = new ClassPathResource("openapi/" + name + ".yaml").getInputStream()) {
                documents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read openapi/" + name + ".yaml", e);
            }
        }
    }

    @GetMapping("/openapi/{name}.yaml")
    public ResponseEntity<byte[]> yaml(@PathVariable String name) {
        byte[] document = documents.get(name);
        if (document == null) {
            throw ProblemException.notFound("document " + name);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.parseMediaType("application/yaml"), StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .body(document);
    }
}
