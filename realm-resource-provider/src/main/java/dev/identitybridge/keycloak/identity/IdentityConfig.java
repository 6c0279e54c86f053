package dev.identitybridge.keycloak.identity;

import java.util.function.UnaryOperator;

/**
 * The resource's SPI options ({@code spi-realm-restapi-extension--identity--<option>}), parsed once at start-up.
 *
 * @param resolveClientId   client whose role allows {@code resolve}
 * @param resolveRole       that client role
 * @param backfillBatchSize rows per {@code backfill} call unless the request asks for fewer
 * @param retryAfterSeconds {@code Retry-After} of a 503 while the app database is unreachable
 * @param requiredAudience  the audience ({@code aud}) every token must carry, or null for none
 */
public record IdentityConfig(
        String resolveClientId,
        String resolveRole,
        int backfillBatchSize,
        int retryAfterSeconds,
        String requiredAudience) {

    public static final String RESOLVE_CLIENT_ID = "resolve-client-id";
    public static final String RESOLVE_ROLE = "resolve-role";
    public static final String BACKFILL_BATCH_SIZE = "backfill-batch-size";
    public static final String RETRY_AFTER_SECONDS = "retry-after-seconds";
    public static final String REQUIRED_AUDIENCE = "required-audience";

    public static final String DEFAULT_RESOLVE_CLIENT_ID = "identity-bridge";
    public static final String DEFAULT_RESOLVE_ROLE = "resolve-users";
    public static final int DEFAULT_BACKFILL_BATCH_SIZE = 500;
    public static final int MAX_BACKFILL_BATCH_SIZE = 5000;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

    public IdentityConfig {
        requireName(RESOLVE_CLIENT_ID, resolveClientId);
        requireName(RESOLVE_ROLE, resolveRole);
        requireRange(BACKFILL_BATCH_SIZE, backfillBatchSize, 1, MAX_BACKFILL_BATCH_SIZE);
        requireRange(RETRY_AFTER_SECONDS, retryAfterSeconds, 1, 3600);
    }

    public static IdentityConfig defaults() {
        return parse(name -> null);
    }

    /** Reads the options from {@code option} (name to raw value, null when unset); refuses invalid values. */
    public static IdentityConfig parse(UnaryOperator<String> option) {
        return new IdentityConfig(
                text(option, RESOLVE_CLIENT_ID, DEFAULT_RESOLVE_CLIENT_ID),
                text(option, RESOLVE_ROLE, DEFAULT_RESOLVE_ROLE),
                number(option, BACKFILL_BATCH_SIZE, DEFAULT_BACKFILL_BATCH_SIZE),
                number(option, RETRY_AFTER_SECONDS, DEFAULT_RETRY_AFTER_SECONDS),
                text(option, REQUIRED_AUDIENCE, null));
    }

    private static String text(UnaryOperator<String> option, String name, String fallback) {
        String value = option.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int number(UnaryOperator<String> option, String name, int fallback) {
        String value = text(option, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Identity resource option " + name + " must be a number, not '" + value + "'");
        }
    }

    private static void requireName(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Identity resource option " + name + " must not be empty");
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Identity resource option " + name + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
