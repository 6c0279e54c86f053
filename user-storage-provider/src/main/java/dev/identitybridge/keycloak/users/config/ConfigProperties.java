package dev.identitybridge.keycloak.users.config;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** The admin-console form of the {@code external-users} provider: every option with its help text. */
public final class ConfigProperties {

    private static final String COLUMN_HELP = " Enter " + ExternalUsersConfig.NOT_MAPPED + " if the table has no such column.";

    private ConfigProperties() {
    }

    public static List<ProviderConfigProperty> all() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        b.property().name(ConfigKeys.JDBC_URL).label("JDBC URL").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("JDBC URL of the app database: jdbc:postgresql://host:5432/app, jdbc:mariadb://host:3306/app, "
                        + "jdbc:mysql://host:3306/app or jdbc:h2:... (drivers ship with Keycloak).").add();
        b.property().name(ConfigKeys.DB_USER).label("Database user").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("User name for the app database. A read-only database user is enough for this provider.").add();
        b.property().name(ConfigKeys.DB_PASSWORD).label("Database password").type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("Password for the app database. Accepts a vault reference such as ${vault.app_db_password}.").add();
        b.property().name(ConfigKeys.POOL_MIN_SIZE).label("Pool min size").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(ExternalUsersConfig.DEFAULT_POOL_MIN_SIZE))
                .helpText("Connections the pool keeps open on each Keycloak node.").add();
        b.property().name(ConfigKeys.POOL_MAX_SIZE).label("Pool max size").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(ExternalUsersConfig.DEFAULT_POOL_MAX_SIZE))
                .helpText("Most connections the pool opens on each Keycloak node.").add();
        b.property().name(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS).label("Pool acquisition timeout (ms)")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(ExternalUsersConfig.DEFAULT_ACQUISITION_TIMEOUT_MS))
                .helpText("How long a request waits for a connection before it fails.").add();
        b.property().name(ConfigKeys.TABLE).label("Users table").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(ExternalUsersConfig.DEFAULT_TABLE)
                .helpText("Table holding the app users, optionally schema-qualified (app.users). Only read, never altered.").add();
        column(b, ConfigKeys.COLUMN_ID, "Id column", "Immutable app user id (text, UUID or number). Keycloak's user id is f:<component id>:<this value>. Required.", false);
        column(b, ConfigKeys.COLUMN_USERNAME, "Username column", "Login name, matched case-insensitively. Required.", false);
        column(b, ConfigKeys.COLUMN_EMAIL, "Email column", "Email address, matched case-insensitively.", true);
        column(b, ConfigKeys.COLUMN_EMAIL_VERIFIED, "Email verified column", "Boolean: whether the email is verified.", true);
        column(b, ConfigKeys.COLUMN_FIRST_NAME, "First name column", "Given name.", true);
        column(b, ConfigKeys.COLUMN_LAST_NAME, "Last name column", "Family name.", true);
        column(b, ConfigKeys.COLUMN_ENABLED, "Enabled column", "Boolean: disabled users cannot log in.", true);
        column(b, ConfigKeys.COLUMN_PASSWORD_HASH, "Password hash column",
                "Stored password hash: bcrypt, Argon2id/Argon2i (PHC), PBKDF2 (Django, passlib, PHC), legacy salted SHA when allowed.", true);
        column(b, ConfigKeys.COLUMN_AUTH_ID, "Auth id column", "Keycloak subject linked to the app user.", true);
        column(b, ConfigKeys.COLUMN_CREATED_AT, "Created at column", "Timestamp of the user's creation.", true);
        b.property().name(ConfigKeys.ALLOW_LEGACY_HASHES).label("Allow legacy hashes").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText("Accept weak legacy formats ({SSHA256}, {SSHA512} salted SHA). Off: such users cannot log in with their password.").add();
        return b.build();
    }

    private static void column(ProviderConfigurationBuilder b, String key, String label, String help, boolean optional) {
        b.property().name(key).label(label).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(ExternalUsersConfig.DEFAULT_COLUMNS.get(key))
                .helpText(help + (optional ? COLUMN_HELP : "")).add();
    }
}
