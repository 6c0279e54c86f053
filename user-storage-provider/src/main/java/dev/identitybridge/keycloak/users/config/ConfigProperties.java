package dev.identitybridge.keycloak.users.config;

import dev.identitybridge.keycloak.users.password.HashAlgorithm;
import dev.identitybridge.keycloak.users.password.HashingPolicy;
import java.util.Arrays;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProvider.EditMode;

/** The admin-console form of the {@code external-users} provider: every option with its help text. */
public final class ConfigProperties {

    private static final String COLUMN_HELP =
            " Enter " + ExternalUsersConfig.NOT_MAPPED + " if the table has no such column.";

    private ConfigProperties() {}

    public static List<ProviderConfigProperty> all() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        b.property()
                .name(ConfigKeys.DATASOURCE)
                .label("Operator datasource")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "Name of a datasource the Keycloak operator declared (db-kind-<name>, db-url-<name>, ...) and "
                                + "allows (spi-storage--external-users--allowed-datasources). Set it instead of JDBC URL, database "
                                + "user and password, which must then stay empty; the pool options do not apply (the operator "
                                + "sizes that pool).")
                .add();
        b.property()
                .name(ConfigKeys.JDBC_URL)
                .label("JDBC URL")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "JDBC URL of the app database: jdbc:postgresql://host:5432/app, jdbc:mariadb://host:3306/app, "
                                + "jdbc:mysql://host:3306/app or jdbc:h2:... (drivers ship with Keycloak). Required unless an "
                                + "operator datasource is set.")
                .add();
        b.property()
                .name(ConfigKeys.DB_USER)
                .label("Database user")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "User name for the app database. A read-only database user is enough in READ_ONLY and UNSYNCED mode; WRITABLE needs INSERT/UPDATE (and DELETE for on-delete DELETE).")
                .add();
        b.property()
                .name(ConfigKeys.DB_PASSWORD)
                .label("Database password")
                .type(ProviderConfigProperty.PASSWORD)
                .secret(true)
                .helpText("Password for the app database. Accepts a vault reference such as ${vault.app_db_password}.")
                .add();
        b.property()
                .name(ConfigKeys.POOL_MIN_SIZE)
                .label("Pool min size")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(ExternalUsersConfig.DEFAULT_POOL_MIN_SIZE))
                .helpText("Connections the pool keeps open on each Keycloak node.")
                .add();
        b.property()
                .name(ConfigKeys.POOL_MAX_SIZE)
                .label("Pool max size")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(ExternalUsersConfig.DEFAULT_POOL_MAX_SIZE))
                .helpText("Most connections the pool opens on each Keycloak node.")
                .add();
        b.property()
                .name(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS)
                .label("Pool acquisition timeout (ms)")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(ExternalUsersConfig.DEFAULT_ACQUISITION_TIMEOUT_MS))
                .helpText("How long a request waits for a connection before it fails.")
                .add();
        b.property()
                .name(ConfigKeys.TABLE)
                .label("Users table")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(ExternalUsersConfig.DEFAULT_TABLE)
                .helpText(
                        "Table holding the app users, optionally schema-qualified (app.users). Its structure is never altered.")
                .add();
        column(
                b,
                ConfigKeys.COLUMN_ID,
                "Id column",
                "Immutable app user id (text, UUID or number). Keycloak's user id is f:<component id>:<this value>. Required.",
                false);
        column(
                b,
                ConfigKeys.COLUMN_USERNAME,
                "Username column",
                "Login name, matched case-insensitively. Required.",
                false);
        column(b, ConfigKeys.COLUMN_EMAIL, "Email column", "Email address, matched case-insensitively.", true);
        column(
                b,
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                "Email verified column",
                "Boolean: whether the email is verified.",
                true);
        column(b, ConfigKeys.COLUMN_FIRST_NAME, "First name column", "Given name.", true);
        column(b, ConfigKeys.COLUMN_LAST_NAME, "Last name column", "Family name.", true);
        column(b, ConfigKeys.COLUMN_ENABLED, "Enabled column", "Boolean: disabled users cannot log in.", true);
        column(
                b,
                ConfigKeys.COLUMN_PASSWORD_HASH,
                "Password hash column",
                "Stored password hash: bcrypt, Argon2id/Argon2i (PHC), PBKDF2 (Django, passlib, PHC), legacy salted SHA when allowed.",
                true);
        column(
                b,
                ConfigKeys.COLUMN_AUTH_ID,
                "Auth id column",
                "Keycloak subject linked to the app user. In WRITABLE mode it is filled in at the first login or registration when empty; a different stored value is never overwritten.",
                true);
        column(
                b,
                ConfigKeys.COLUMN_CREATED_AT,
                "Created at column",
                "Timestamp of the user's creation (set when Keycloak creates a row).",
                true);
        column(
                b,
                ConfigKeys.COLUMN_UPDATED_AT,
                "Updated at column",
                "Timestamp of the last change, maintained by every write from Keycloak.",
                true);
        AttributeColumnsProperty.add(b);
        b.property()
                .name(ConfigKeys.ALLOW_LEGACY_HASHES)
                .label("Allow legacy hashes")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText(
                        "Accept weak legacy formats ({SSHA256}, {SSHA512} salted SHA). Off: such users cannot log in with their password.")
                .add();
        b.property()
                .name(ConfigKeys.APP_VERIFIES_EMAILS)
                .label("App verifies every email")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText(
                        "On only if the app never stores an email it has not verified. Linking a Keycloak user to an existing "
                                + "app user by email (bootstrap, backfill) needs both emails verified; with this off, the app side "
                                + "counts as verified only when the email verified column is mapped and true.")
                .add();
        writeOptions(b);
        MembershipProperties.addTo(b);
        return b.build();
    }

    private static void writeOptions(ProviderConfigurationBuilder b) {
        b.property()
                .name(ConfigKeys.EDIT_MODE)
                .label("Edit mode")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(names(EditMode.values()))
                .defaultValue(EditMode.READ_ONLY.name())
                .helpText(
                        "READ_ONLY: the app table is never written; changes are refused. WRITABLE: profile, enabled and "
                                + "password changes are written to the app table. UNSYNCED: changes are kept in Keycloak and shadow "
                                + "the app values; the app table is never written.")
                .add();
        b.property()
                .name(ConfigKeys.SYNC_REGISTRATIONS)
                .label("Sync registrations")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText("Create an app row for users created in Keycloak (registration form, identity-provider first "
                        + "login, admin console). Needs edit mode WRITABLE; with it off, new users are Keycloak-local.")
                .add();
        b.property()
                .name(ConfigKeys.ID_GENERATION)
                .label("Id generation")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(names(IdGeneration.values()))
                .defaultValue(IdGeneration.UUID.name())
                .helpText(
                        "Id of new app rows: UUID generated by Keycloak, or DATABASE for identity/serial/auto-increment "
                                + "id columns (other columns of the row must then be nullable or have defaults).")
                .add();
        b.property()
                .name(ConfigKeys.ON_DELETE)
                .label("On delete")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(names(DeleteAction.values()))
                .defaultValue(DeleteAction.REFUSE.name())
                .helpText(
                        "What deleting an app user in Keycloak does: DELETE the row, DISABLE it (enabled column set to "
                                + "false), or REFUSE. DELETE and DISABLE need edit mode WRITABLE.")
                .add();
        b.property()
                .name(ConfigKeys.PASSWORD_HASH_ALGORITHM)
                .label("Password hash algorithm")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Arrays.stream(HashAlgorithm.values())
                        .map(HashAlgorithm::configValue)
                        .toList())
                .defaultValue(HashAlgorithm.ARGON2ID.configValue())
                .helpText("Algorithm of the hashes Keycloak writes (new passwords, re-hash on login).")
                .add();
        integer(
                b,
                ConfigKeys.ARGON2_MEMORY_KIB,
                "Argon2 memory (KiB)",
                HashingPolicy.DEFAULT_ARGON2_MEMORY_KIB,
                "Argon2id memory cost.");
        integer(
                b,
                ConfigKeys.ARGON2_ITERATIONS,
                "Argon2 iterations",
                HashingPolicy.DEFAULT_ARGON2_ITERATIONS,
                "Argon2id time cost.");
        integer(
                b,
                ConfigKeys.ARGON2_PARALLELISM,
                "Argon2 parallelism",
                HashingPolicy.DEFAULT_ARGON2_PARALLELISM,
                "Argon2id lanes.");
        integer(
                b,
                ConfigKeys.BCRYPT_COST,
                "bcrypt cost",
                HashingPolicy.DEFAULT_BCRYPT_COST,
                "bcrypt cost factor (4 to 20).");
        integer(
                b,
                ConfigKeys.PBKDF2_ITERATIONS,
                "PBKDF2 iterations",
                0,
                "PBKDF2 iterations; 0 means the algorithm's default (600000 for pbkdf2-sha256, 210000 for pbkdf2-sha512).");
        b.property()
                .name(ConfigKeys.REHASH_ON_LOGIN)
                .label("Re-hash on login")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .helpText(
                        "In WRITABLE mode, after a successful login whose stored hash uses another algorithm or cost, "
                                + "store a new hash in the configured algorithm.")
                .add();
    }

    private static void integer(
            ProviderConfigurationBuilder b, String key, String label, int defaultValue, String help) {
        b.property()
                .name(key)
                .label(label)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(defaultValue))
                .helpText(help)
                .add();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static void column(
            ProviderConfigurationBuilder b, String key, String label, String help, boolean optional) {
        b.property()
                .name(key)
                .label(label)
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(ExternalUsersConfig.DEFAULT_COLUMNS.get(key))
                .helpText(help + (optional ? COLUMN_HELP : ""))
                .add();
    }
}
