package dev.identitybridge.keycloak.users.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed, validated and immutable configuration of one {@code external-users} component. Built
 * once per configuration change by the factory and handed to providers.
 */
public record ExternalUsersConfig(ConnectionSettings connection, TableMapping mapping, boolean allowLegacyHashes) {

    public static final String DEFAULT_TABLE = "users";
    /**
     * Column value meaning "the table has no such column". Keycloak drops empty component config values
     * (an absent key takes the reference default), so an explicit marker is needed.
     */
    public static final String NOT_MAPPED = "-";
    public static final int DEFAULT_POOL_MIN_SIZE = 1;
    public static final int DEFAULT_POOL_MAX_SIZE = 10;
    public static final long DEFAULT_ACQUISITION_TIMEOUT_MS = 5000;

    /** Reference-schema column name for each column option. */
    public static final Map<String, String> DEFAULT_COLUMNS = Map.ofEntries(
            Map.entry(ConfigKeys.COLUMN_ID, "id"),
            Map.entry(ConfigKeys.COLUMN_USERNAME, "username"),
            Map.entry(ConfigKeys.COLUMN_EMAIL, "email"),
            Map.entry(ConfigKeys.COLUMN_EMAIL_VERIFIED, "email_verified"),
            Map.entry(ConfigKeys.COLUMN_FIRST_NAME, "first_name"),
            Map.entry(ConfigKeys.COLUMN_LAST_NAME, "last_name"),
            Map.entry(ConfigKeys.COLUMN_ENABLED, "enabled"),
            Map.entry(ConfigKeys.COLUMN_PASSWORD_HASH, "password_hash"),
            Map.entry(ConfigKeys.COLUMN_AUTH_ID, "auth_id"),
            Map.entry(ConfigKeys.COLUMN_CREATED_AT, "created_at"));

    /**
     * Parses a component configuration ({@code ComponentModel#getConfig()}). An absent key takes its
     * default; a column option of {@value #NOT_MAPPED} (or blank) means "not mapped".
     *
     * @throws InvalidConfigException with an admin-readable message
     */
    public static ExternalUsersConfig parse(Map<String, List<String>> config) {
        ConfigReader reader = new ConfigReader(config);
        String jdbcUrl = reader.text(ConfigKeys.JDBC_URL).orElse("");
        if (!jdbcUrl.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new InvalidConfigException("JDBC URL is required and must start with 'jdbc:'.");
        }
        int poolMin = reader.integer(ConfigKeys.POOL_MIN_SIZE, DEFAULT_POOL_MIN_SIZE, 0, 1000);
        int poolMax = reader.integer(ConfigKeys.POOL_MAX_SIZE, DEFAULT_POOL_MAX_SIZE, 1, 1000);
        if (poolMin > poolMax) {
            throw new InvalidConfigException("Pool min size (" + poolMin + ") must not exceed pool max size (" + poolMax + ").");
        }
        long timeoutMs = reader.integer(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, (int) DEFAULT_ACQUISITION_TIMEOUT_MS, 1, 600_000);
        ConnectionSettings connection = new ConnectionSettings(jdbcUrl, reader.text(ConfigKeys.DB_USER).orElse(null),
                reader.raw(ConfigKeys.DB_PASSWORD).orElse(null), poolMin, poolMax, Duration.ofMillis(timeoutMs));

        String table = reader.raw(ConfigKeys.TABLE).map(String::trim).orElse(DEFAULT_TABLE);
        if (!SqlIdentifiers.isTableName(table)) {
            throw new InvalidConfigException("Table name '" + table + "' is not a plain SQL identifier "
                    + "(letters, digits, underscores; optionally schema.table).");
        }
        TableMapping mapping = new TableMapping(table,
                reader.requiredColumn(ConfigKeys.COLUMN_ID), reader.requiredColumn(ConfigKeys.COLUMN_USERNAME),
                reader.column(ConfigKeys.COLUMN_EMAIL), reader.column(ConfigKeys.COLUMN_EMAIL_VERIFIED),
                reader.column(ConfigKeys.COLUMN_FIRST_NAME), reader.column(ConfigKeys.COLUMN_LAST_NAME),
                reader.column(ConfigKeys.COLUMN_ENABLED), reader.column(ConfigKeys.COLUMN_PASSWORD_HASH),
                reader.column(ConfigKeys.COLUMN_AUTH_ID), reader.column(ConfigKeys.COLUMN_CREATED_AT));
        return new ExternalUsersConfig(connection, mapping, reader.bool(ConfigKeys.ALLOW_LEGACY_HASHES, false));
    }

    /** Typed access to the multi-valued component config map. */
    private record ConfigReader(Map<String, List<String>> config) {

        Optional<String> raw(String key) {
            List<String> values = config.get(key);
            return values == null || values.isEmpty() || values.get(0) == null ? Optional.empty() : Optional.of(values.get(0));
        }

        Optional<String> text(String key) {
            return raw(key).map(String::trim).filter(v -> !v.isEmpty());
        }

        int integer(String key, int defaultValue, int min, int max) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed < min || parsed > max) {
                    throw new InvalidConfigException(key + " must be between " + min + " and " + max + ".");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key + " must be a whole number.");
            }
        }

        boolean bool(String key, boolean defaultValue) {
            return text(key).map(Boolean::parseBoolean).orElse(defaultValue);
        }

        Optional<String> column(String key) {
            Optional<String> configured = raw(key).map(String::trim);
            String name = configured.orElse(DEFAULT_COLUMNS.get(key));
            if (name.isEmpty() || name.equals(NOT_MAPPED)) {
                return Optional.empty();
            }
            if (!SqlIdentifiers.isColumnName(name)) {
                throw new InvalidConfigException("Column option " + key + ": '" + name
                        + "' is not a plain SQL identifier (letters, digits, underscores).");
            }
            return Optional.of(name);
        }

        String requiredColumn(String key) {
            return column(key).orElseThrow(() -> new InvalidConfigException("Column option " + key + " is required."));
        }
    }
}
