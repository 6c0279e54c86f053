package dev.identitybridge.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.identitybridge.it.harness.Http;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * The identity resource's OpenAPI 3.1 document as the server serves it: every response a test sees must have a
 * documented status for its operation, and a body valid against the schema documented for that status.
 */
final class OpenApiContract {

    private final JsonNode document;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    OpenApiContract(JsonNode document) {
        this.document = document;
        assertThat(document.path("openapi").asText()).startsWith("3.1");
    }

    /** @param pathTemplate as in the document, e.g. {@code /users/{userId}} */
    void check(String method, String pathTemplate, HttpResponse<String> response) {
        JsonNode operation = document.path("paths").path(pathTemplate).path(method.toLowerCase());
        assertThat(operation.isMissingNode())
                .as("%s %s is documented", method, pathTemplate)
                .isFalse();
        JsonNode documented = operation.path("responses").path(String.valueOf(response.statusCode()));
        assertThat(documented.isMissingNode())
                .as("%s %s documents status %d (body %s)", method, pathTemplate, response.statusCode(), response.body())
                .isFalse();
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("JSON content type")
                .startsWith("application/json");
        JsonNode schema = documented.path("content").path("application/json").path("schema");
        JsonNode body = Http.json(response.body());
        Set<ValidationMessage> errors = validator(schema).validate(body);
        assertThat(errors)
                .as("%s %s %d body %s against %s", method, pathTemplate, response.statusCode(), body, schema)
                .isEmpty();
        documented
                .path("headers")
                .fieldNames()
                .forEachRemaining(header -> assertThat(response.headers().firstValue(header))
                        .as("header %s of %d", header, response.statusCode())
                        .isPresent());
    }

    private JsonSchema validator(JsonNode schema) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.path("components"));
        root.putArray("allOf").add(schema);
        return factory.getSchema(root);
    }
}
