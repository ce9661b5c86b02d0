package org.clearway.routes.ingress.express;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI 3 description of the express carrier API (PARTNER-APIS §3, §5) to partners,
 * without authentication: it holds no partner data. YAML only, as no YAML-to-JSON converter is on
 * the application's classpath.
 */
@RestController
public class OpenApiController {
    static final String DOCUMENT = "openapi/clearway-express-v1.yaml";
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    @GetMapping("/v1/express/openapi.yaml")
    public ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok()
                .contentType(new MediaType(YAML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .body(document);
    }
}
