package dev.nodes.service.openapi;

import dev.nodes.service.http.MethodNotAllowed;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the hand-written OpenAPI description of the contract, {@code openapi.yaml} on the classpath. */
public final class OpenApiRoutes implements HttpService {
    private final byte[] document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
                    res.send(document);
                })
                .any("/", MethodNotAllowed.handler());
    }
}
