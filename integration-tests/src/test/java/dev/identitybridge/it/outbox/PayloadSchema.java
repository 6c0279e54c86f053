package dev.identitybridge.it.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;

/** The payload JSON Schema as shipped in the deployed bundle. */
final class PayloadSchema {

    static final String ENTRY = "META-INF/identity-bridge/outbox/outbox-payload.schema.json";
    private static final JsonSchema SCHEMA = load();

    private PayloadSchema() {}

    static Set<ValidationMessage> violations(JsonNode payload) {
        return SCHEMA.validate(payload);
    }

    private static JsonSchema load() {
        Path bundle = Path.of(System.getProperty("keycloak.home"), "providers", "identity-bridge-keycloak.jar");
        try (JarFile jar = new JarFile(bundle.toFile());
                InputStream in = jar.getInputStream(jar.getEntry(ENTRY))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + ENTRY + " from " + bundle, e);
        }
    }
}
