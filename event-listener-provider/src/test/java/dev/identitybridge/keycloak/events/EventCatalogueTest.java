package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The event catalogue of {@code docs/outbox.md} is generated from the payload's JSON Schema (the types with when they
 * are written, the payload fields with their personal-data flags), and the schema's types are exactly
 * {@link OutboxType}'s: the docs, the schema and the code cannot drift. To regenerate the docs after a change of the
 * schema: {@code mvn -pl event-listener-provider test -Dtest=EventCatalogueTest -Dcatalogue.write=true}.
 */
class EventCatalogueTest {

    static final Path DOC = Path.of("..", "docs", "outbox.md");
    static final String BEGIN = "<!-- generated from outbox-payload.schema.json by EventCatalogueTest: do not edit -->";
    static final String END = "<!-- end of generated catalogue -->";

    private static JsonNode schema() throws IOException {
        try (InputStream in = EventCatalogueTest.class.getResourceAsStream(
                "/META-INF/identity-bridge/outbox/outbox-payload.schema.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<JsonNode> types(JsonNode schema) {
        List<JsonNode> types = new ArrayList<>();
        schema.path("properties").path("type").path("oneOf").forEach(types::add);
        return types;
    }

    @Test
    void theSchemaListsExactlyTheTypesTheCodeWrites() throws IOException {
        Map<String, JsonNode> byName = types(schema()).stream()
                .collect(Collectors.toMap(t -> t.path("const").asText(), Function.identity()));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(OutboxType.values())
                        .map(OutboxType::typeName)
                        .toList());
        for (OutboxType type : OutboxType.values()) {
            JsonNode entry = byName.get(type.typeName());
            assertThat(entry.path("description").asText())
                    .as("when %s is written", type)
                    .isNotBlank();
            type.source()
                    .ifPresent(source -> assertThat(entry.path("title").asText())
                            .as("Keycloak event of %s", type)
                            .isEqualTo(source));
        }
    }

    @Test
    void theDocsShowTheCatalogueGeneratedFromTheSchema() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("%s has the generated region", DOC).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String generated = render(schema());
        String current = doc.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("catalogue.write")) {
            Files.writeString(
                    DOC,
                    doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end),
                    StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current)
                .as("docs/outbox.md is out of date: run mvn -pl event-listener-provider test "
                        + "-Dtest=EventCatalogueTest -Dcatalogue.write=true")
                .isEqualTo(generated);
    }

    static String render(JsonNode schema) {
        StringBuilder md = new StringBuilder("\n\n| type | written when | Keycloak event |\n| --- | --- | --- |\n");
        for (JsonNode type : types(schema)) {
            md.append("| `")
                    .append(type.path("const").asText())
                    .append("` | ")
                    .append(cell(type.path("description").asText()))
                    .append(" | ")
                    .append(code(type.path("title").asText()))
                    .append(" |\n");
        }
        md.append("\nPayload fields (absent when empty; **personal data** only for realms that opted in):\n\n")
                .append("| field | JSON type | required | meaning |\n| --- | --- | --- | --- |\n");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        schema.path("properties").fields().forEachRemaining(field -> {
            JsonNode property = field.getValue();
            String jsonType = property.has("type")
                    ? property.path("type").asText()
                    : property.has("const") ? "const " + property.path("const") : "string";
            String meaning = field.getKey().equals("type")
                    ? "one of the types above"
                    : property.path("description").asText("");
            meaning = meaning.contains("personal data")
                    ? "**personal data** — " + meaning.replace("personal data, opt-in", "opt-in")
                    : meaning;
            md.append("| `")
                    .append(field.getKey())
                    .append("` | ")
                    .append(jsonType)
                    .append(" | ")
                    .append(required.contains(field.getKey()) ? "yes" : "")
                    .append(" | ")
                    .append(cell(meaning))
                    .append(" |\n");
        });
        return md.append('\n').toString();
    }

    private static String code(String text) {
        return text.startsWith("—") ? text : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
