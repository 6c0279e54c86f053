package dev.identitybridge.keycloak.users.config;

import dev.identitybridge.keycloak.users.password.HashAlgorithm;
import dev.identitybridge.keycloak.users.password.HashingPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * The parsed, validated and immutable configuration of one {@code external-users} component. Built
 * once per configuration change by the factory and handed to providers.
 *
 * @param appVerifiesEmails the realm admin states that the app verifies every email before it stores it, so that
 *                          a row's email counts as verified when linking by email even without a true
 *                          email-verified column (option {@code appVerifiesEmails}, default false)
 * @param memberships       roles and groups from join tables ({@code roleTable}, {@code groupTable}, ...)
 */
public record ExternalUsersConfig(
        ConnectionSettings connection,
        TableMapping mapping,
        boolean allowLegacyHashes,
        WriteSettings writes,
        boolean appVerifiesEmails,
        Memberships memberships) {

    public static final String DEFAULT_TABLE = "users";
    /**
     * Column value meaning "the table has no such column". Keycloak drops empty component config values
     * (an absent key takes the reference default), so an explicit marker is needed.
     */
    public static final String NOT_MAPPED = "-";

    public static final int DEFAULT_POOL_MIN_SIZE = 1;
    public static final int DEFAULT_POOL_MAX_SIZE = 10;
    public static final long DEFAULT_ACQUISITION_TIMEOUT_MS = 5000;
    private static final Pattern DATASOURCE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");

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
            Map.entry(ConfigKeys.COLUMN_CREATED_AT, "created_at"),
            Map.entry(ConfigKeys.COLUMN_UPDATED_AT, "updated_at"));

    /**
     * Parses a component configuration ({@code ComponentModel#getConfig()}). An absent key takes its
     * default; a column option of {@value #NOT_MAPPED} (or blank) means "not mapped".
     *
     * @throws InvalidConfigException with an admin-readable message
     */
    public static ExternalUsersConfig parse(Map<String, List<String>> config) {
        ConfigReader reader = new ConfigReader(config);
        String datasource = datasource(reader);
        String jdbcUrl = reader.text(ConfigKeys.JDBC_URL).orElse("");
        if (datasource == null
                && !jdbcUrl.regionMatches(true, 0, "jdbc:", 0, 5)
                && !ConnectionSettings.isPlaceholder(jdbcUrl)) {
            throw new InvalidConfigException(
                    "JDBC URL is required (or an operator datasource) and must start with 'jdbc:'.");
        }
        int poolMin = reader.integer(ConfigKeys.POOL_MIN_SIZE, DEFAULT_POOL_MIN_SIZE, 0, 1000);
        int poolMax = reader.integer(ConfigKeys.POOL_MAX_SIZE, DEFAULT_POOL_MAX_SIZE, 1, 1000);
        if (poolMin > poolMax) {
            throw new InvalidConfigException(
                    "Pool min size (" + poolMin + ") must not exceed pool max size (" + poolMax + ").");
        }
        long timeoutMs = reader.integer(
                ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, (int) DEFAULT_ACQUISITION_TIMEOUT_MS, 1, 600_000);
        ConnectionSettings connection = new ConnectionSettings(
                jdbcUrl,
                reader.text(ConfigKeys.DB_USER).orElse(null),
                reader.raw(ConfigKeys.DB_PASSWORD).orElse(null),
                poolMin,
                poolMax,
                Duration.ofMillis(timeoutMs),
                datasource);

        String table = reader.raw(ConfigKeys.TABLE).map(String::trim).orElse(DEFAULT_TABLE);
        if (!SqlIdentifiers.isTableName(table)) {
            throw new InvalidConfigException("Table name '" + table + "' is not a plain SQL identifier "
                    + "(letters, digits, underscores; optionally schema.table).");
        }
        TableMapping mapping = new TableMapping(
                table,
                reader.requiredColumn(ConfigKeys.COLUMN_ID),
                reader.requiredColumn(ConfigKeys.COLUMN_USERNAME),
                reader.column(ConfigKeys.COLUMN_EMAIL),
                reader.column(ConfigKeys.COLUMN_EMAIL_VERIFIED),
                reader.column(ConfigKeys.COLUMN_FIRST_NAME),
                reader.column(ConfigKeys.COLUMN_LAST_NAME),
                reader.column(ConfigKeys.COLUMN_ENABLED),
                reader.column(ConfigKeys.COLUMN_PASSWORD_HASH),
                reader.column(ConfigKeys.COLUMN_AUTH_ID),
                reader.column(ConfigKeys.COLUMN_CREATED_AT),
                reader.column(ConfigKeys.COLUMN_UPDATED_AT),
                AttributeColumns.NONE);
        mapping = mapping.withAttributes(
                AttributeColumns.parse(config.get(ConfigKeys.ATTRIBUTE_COLUMNS), mapping.mappedColumns()));
        return new ExternalUsersConfig(
                connection,
                mapping,
                reader.bool(ConfigKeys.ALLOW_LEGACY_HASHES, false),
                writeSettings(reader, mapping),
                reader.bool(ConfigKeys.APP_VERIFIES_EMAILS, false),
                Memberships.parse(config));
    }

    /**
     * The operator datasource the component names, or null. Its URL and credentials are the operator's: a JDBC URL,
     * database user or password next to it is refused rather than silently ignored.
     */
    private static String datasource(ConfigReader reader) {
        Optional<String> name = reader.text(ConfigKeys.DATASOURCE);
        if (name.isEmpty()) {
            return null;
        }
        if (!DATASOURCE_NAME.matcher(name.get()).matches()) {
            throw new InvalidConfigException("Datasource '" + name.get()
                    + "' is not a datasource name (letters, digits, " + "'-' and '_', at most 63 characters).");
        }
        List<String> alongside = List.of(ConfigKeys.JDBC_URL, ConfigKeys.DB_USER, ConfigKeys.DB_PASSWORD).stream()
                .filter(key -> reader.text(key).isPresent())
                .toList();
        if (!alongside.isEmpty()) {
            throw new InvalidConfigException(
                    "Datasource '" + name.get() + "' is set: leave " + String.join(", ", alongside)
                            + " empty (the operator's datasource brings its own URL and credentials).");
        }
        return name.get();
    }

    private static WriteSettings writeSettings(ConfigReader reader, TableMapping mapping) {
        EditMode editMode = reader.choice(ConfigKeys.EDIT_MODE, EditMode.class, EditMode.READ_ONLY);
        boolean syncRegistrations = reader.bool(ConfigKeys.SYNC_REGISTRATIONS, false);
        DeleteAction onDelete = reader.choice(ConfigKeys.ON_DELETE, DeleteAction.class, DeleteAction.REFUSE);
        if (editMode != EditMode.WRITABLE && syncRegistrations) {
            throw new InvalidConfigException("Sync registrations needs edit mode WRITABLE (it is " + editMode + ").");
        }
        if (editMode != EditMode.WRITABLE && onDelete != DeleteAction.REFUSE) {
            throw new InvalidConfigException(
                    "On delete " + onDelete + " needs edit mode WRITABLE (it is " + editMode + ").");
        }
        if (onDelete == DeleteAction.DISABLE && mapping.enabled().isEmpty()) {
            throw new InvalidConfigException(
                    "On delete DISABLE needs an enabled column (option " + ConfigKeys.COLUMN_ENABLED + ").");
        }
        HashingPolicy hashing;
        try {
            HashAlgorithm algorithm = HashAlgorithm.fromConfig(
                    reader.text(ConfigKeys.PASSWORD_HASH_ALGORITHM).orElse(HashAlgorithm.ARGON2ID.configValue()));
            hashing = new HashingPolicy(
                    algorithm,
                    reader.integer(
                            ConfigKeys.ARGON2_MEMORY_KIB,
                            HashingPolicy.DEFAULT_ARGON2_MEMORY_KIB,
                            1,
                            Integer.MAX_VALUE),
                    reader.integer(
                            ConfigKeys.ARGON2_ITERATIONS,
                            HashingPolicy.DEFAULT_ARGON2_ITERATIONS,
                            1,
                            Integer.MAX_VALUE),
                    reader.integer(
                            ConfigKeys.ARGON2_PARALLELISM,
                            HashingPolicy.DEFAULT_ARGON2_PARALLELISM,
                            1,
                            Integer.MAX_VALUE),
                    reader.integer(ConfigKeys.BCRYPT_COST, HashingPolicy.DEFAULT_BCRYPT_COST, 1, Integer.MAX_VALUE),
                    reader.integer(ConfigKeys.PBKDF2_ITERATIONS, 0, 0, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        return new WriteSettings(
                editMode,
                syncRegistrations,
                reader.choice(ConfigKeys.ID_GENERATION, IdGeneration.class, IdGeneration.UUID),
                onDelete,
                hashing,
                reader.bool(ConfigKeys.REHASH_ON_LOGIN, true));
    }

    /** Typed access to the multi-valued component config map. */
    private record ConfigReader(Map<String, List<String>> config) {

        Optional<String> raw(String key) {
            List<String> values = config.get(key);
            return values == null || values.isEmpty() || values.get(0) == null
                    ? Optional.empty()
                    : Optional.of(values.get(0));
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

        <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(
                        key + " must be one of " + Arrays.toString(type.getEnumConstants()) + ".");
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
