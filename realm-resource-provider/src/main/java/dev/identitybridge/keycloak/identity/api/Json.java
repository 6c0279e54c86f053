package dev.identitybridge.keycloak.identity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Locale;

/** Strict JSON in (unknown or duplicate fields, trailing data and type coercion refused) and JSON out. */
public final class Json {

    /** Larger bodies are refused before parsing: every request of this API fits in a few hundred bytes. */
    public static final int MAX_BODY_CHARS = 16 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Boolean,
                    config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Integer,
                    config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private Json() {}

    /**
     * Parses a request body.
     *
     * @throws IdentityError 415 for a body that is not {@code application/json}, 400 for anything else wrong
     */
    public static <T> T read(String contentType, String body, Class<T> type) {
        requireJson(contentType);
        if (body == null || body.isBlank()) {
            throw new IdentityError(ErrorCode.INVALID_REQUEST, "A JSON object is required as the request body.");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new IdentityError(
                    ErrorCode.VALUE_TOO_LONG, "The request body is larger than " + MAX_BODY_CHARS + " characters.");
        }
        if (!body.stripLeading().startsWith("{")) {
            throw new IdentityError(ErrorCode.INVALID_JSON, "The request body must be a JSON object.");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IdentityError(ErrorCode.UNKNOWN_FIELD, "Unknown field '" + e.getPropertyName() + "'.");
        } catch (JsonProcessingException e) {
            throw new IdentityError(
                    ErrorCode.INVALID_JSON,
                    "The request body is not valid JSON for this operation: " + e.getOriginalMessage());
        }
    }

    /** Refuses a content type other than {@code application/json} (parameters such as charset allowed). */
    public static void requireJson(String contentType) {
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new IdentityError(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json" + (mediaType.isEmpty() ? "." : ", not " + mediaType + "."));
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
