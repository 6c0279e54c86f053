package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalUsersConfigTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/app";

    /** A config map with a valid JDBC URL plus the given key/value pairs. */
    private static Map<String, List<String>> config(String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(URL));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], Arrays.asList(keyValues[i + 1]));
        }
        return config;
    }

    private static ExternalUsersConfig parse(String... keyValues) {
        return ExternalUsersConfig.parse(config(keyValues));
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void absentKeysTakeTheReferenceDefaults() {
        ExternalUsersConfig config = parse();

        TableMapping m = config.mapping();
        assertThat(m.table()).isEqualTo("users");
        assertThat(m.id()).isEqualTo("id");
        assertThat(m.username()).isEqualTo("username");
        assertThat(m.email()).contains("email");
        assertThat(m.emailVerified()).contains("email_verified");
        assertThat(m.firstName()).contains("first_name");
        assertThat(m.lastName()).contains("last_name");
        assertThat(m.enabled()).contains("enabled");
        assertThat(m.passwordHash()).contains("password_hash");
        assertThat(m.authId()).contains("auth_id");
        assertThat(m.createdAt()).contains("created_at");

        ConnectionSettings c = config.connection();
        assertThat(c.jdbcUrl()).isEqualTo(URL);
        assertThat(c.user()).isNull();
        assertThat(c.passwordExpression()).isNull();
        assertThat(c.poolMinSize()).isEqualTo(1);
        assertThat(c.poolMaxSize()).isEqualTo(10);
        assertThat(c.acquisitionTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(config.allowLegacyHashes()).isFalse();
    }

    @Test
    void defaultsMatchThePublicConstants() {
        ExternalUsersConfig config = parse();
        assertThat(config.mapping().table()).isEqualTo(ExternalUsersConfig.DEFAULT_TABLE);
        assertThat(config.connection().poolMinSize()).isEqualTo(ExternalUsersConfig.DEFAULT_POOL_MIN_SIZE);
        assertThat(config.connection().poolMaxSize()).isEqualTo(ExternalUsersConfig.DEFAULT_POOL_MAX_SIZE);
        assertThat(config.connection().acquisitionTimeout().toMillis())
                .isEqualTo(ExternalUsersConfig.DEFAULT_ACQUISITION_TIMEOUT_MS);
        assertThat(config.mapping().mappedColumns()).containsExactlyEntriesOf(defaultColumnsInMappingOrder());
    }

    private static Map<String, String> defaultColumnsInMappingOrder() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (String key : List.of(
                ConfigKeys.COLUMN_ID,
                ConfigKeys.COLUMN_USERNAME,
                ConfigKeys.COLUMN_EMAIL,
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                ConfigKeys.COLUMN_FIRST_NAME,
                ConfigKeys.COLUMN_LAST_NAME,
                ConfigKeys.COLUMN_ENABLED,
                ConfigKeys.COLUMN_PASSWORD_HASH,
                ConfigKeys.COLUMN_AUTH_ID,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            expected.put(key, ExternalUsersConfig.DEFAULT_COLUMNS.get(key));
        }
        return expected;
    }

    @Test
    void emptyValueListOrNullFirstValueCountsAsAbsent() {
        Map<String, List<String>> config = config();
        config.put(ConfigKeys.TABLE, List.of());
        config.put(ConfigKeys.COLUMN_EMAIL, Arrays.asList((String) null));
        config.put(ConfigKeys.POOL_MAX_SIZE, List.of());

        ExternalUsersConfig parsed = ExternalUsersConfig.parse(config);

        assertThat(parsed.mapping().table()).isEqualTo("users");
        assertThat(parsed.mapping().email()).contains("email");
        assertThat(parsed.connection().poolMaxSize()).isEqualTo(10);
    }

    @Test
    void configuredValuesAreUsedAndTrimmed() {
        ExternalUsersConfig config = parse(
                ConfigKeys.DB_USER, "  app_reader ",
                ConfigKeys.DB_PASSWORD, " ${vault.app_db_password} ",
                ConfigKeys.POOL_MIN_SIZE, " 0 ",
                ConfigKeys.POOL_MAX_SIZE, "25",
                ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, "750",
                ConfigKeys.TABLE, " app.members ",
                ConfigKeys.COLUMN_ID, " member_id ",
                ConfigKeys.COLUMN_USERNAME, "login",
                ConfigKeys.COLUMN_EMAIL, "mail",
                ConfigKeys.ALLOW_LEGACY_HASHES, "TRUE");

        assertThat(config.connection().user()).isEqualTo("app_reader");
        // the password is kept verbatim (it may legitimately contain spaces)
        assertThat(config.connection().passwordExpression()).isEqualTo(" ${vault.app_db_password} ");
        assertThat(config.connection().poolMinSize()).isZero();
        assertThat(config.connection().poolMaxSize()).isEqualTo(25);
        assertThat(config.connection().acquisitionTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.mapping().table()).isEqualTo("app.members");
        assertThat(config.mapping().id()).isEqualTo("member_id");
        assertThat(config.mapping().username()).isEqualTo("login");
        assertThat(config.mapping().email()).contains("mail");
        assertThat(config.mapping().firstName()).contains("first_name");
        assertThat(config.allowLegacyHashes()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "no", "yes", "1", ""})
    void allowLegacyHashesIsOnlyEnabledByTrue(String value) {
        assertThat(parse(ConfigKeys.ALLOW_LEGACY_HASHES, value).allowLegacyHashes())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "no", "yes", "1", ""})
    void appVerifiesEmailsIsOnlyStatedByTrue(String value) {
        assertThat(parse(ConfigKeys.APP_VERIFIES_EMAILS, value).appVerifiesEmails())
                .isFalse();
        assertThat(parse(ConfigKeys.APP_VERIFIES_EMAILS, "true").appVerifiesEmails())
                .isTrue();
    }

    @Test
    void blankDbUserIsNoUser() {
        assertThat(parse(ConfigKeys.DB_USER, "   ").connection().user()).isNull();
    }

    // ---------------------------------------------------------------- not mapped columns

    @ParameterizedTest
    @ValueSource(strings = {"-", " - ", "", "   "})
    void dashOrBlankOptionalColumnIsNotMapped(String value) {
        ExternalUsersConfig config = parse(
                ConfigKeys.COLUMN_EMAIL, value,
                ConfigKeys.COLUMN_EMAIL_VERIFIED, value,
                ConfigKeys.COLUMN_FIRST_NAME, value,
                ConfigKeys.COLUMN_LAST_NAME, value,
                ConfigKeys.COLUMN_ENABLED, value,
                ConfigKeys.COLUMN_PASSWORD_HASH, value,
                ConfigKeys.COLUMN_AUTH_ID, value,
                ConfigKeys.COLUMN_CREATED_AT, value,
                ConfigKeys.COLUMN_UPDATED_AT, value);

        TableMapping m = config.mapping();
        assertThat(m.email()).isEmpty();
        assertThat(m.emailVerified()).isEmpty();
        assertThat(m.firstName()).isEmpty();
        assertThat(m.lastName()).isEmpty();
        assertThat(m.enabled()).isEmpty();
        assertThat(m.passwordHash()).isEmpty();
        assertThat(m.authId()).isEmpty();
        assertThat(m.createdAt()).isEmpty();
        assertThat(m.mappedColumns())
                .containsExactly(
                        Map.entry(ConfigKeys.COLUMN_ID, "id"), Map.entry(ConfigKeys.COLUMN_USERNAME, "username"));
    }

    @Test
    void notMappingOneColumnLeavesTheOthersMapped() {
        TableMapping m =
                parse(ConfigKeys.COLUMN_AUTH_ID, ExternalUsersConfig.NOT_MAPPED).mapping();
        assertThat(m.authId()).isEqualTo(Optional.empty());
        assertThat(m.createdAt()).contains("created_at");
        assertThat(m.mappedColumns())
                .doesNotContainKey(ConfigKeys.COLUMN_AUTH_ID)
                .hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {ConfigKeys.COLUMN_ID, ConfigKeys.COLUMN_USERNAME})
    void requiredColumnCannotBeUnmapped(String key) {
        for (String value : List.of("-", "", "  ")) {
            assertThatThrownBy(() -> parse(key, value))
                    .as("%s = '%s'", key, value)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("is required");
        }
    }

    // ---------------------------------------------------------------- identifiers

    @ParameterizedTest
    @ValueSource(strings = {"users; drop", "a-b", "1abc", "a.b.c", "users\"", "us ers", "app.", ".users", "a..b"})
    void badTableNamesAreRejected(String table) {
        assertThatThrownBy(() -> parse(ConfigKeys.TABLE, table))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not a plain SQL identifier");
    }

    @Test
    void tooLongTableNameIsRejected() {
        String longName = "t".repeat(64);
        assertThatThrownBy(() -> parse(ConfigKeys.TABLE, longName))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not a plain SQL identifier");
        assertThat(parse(ConfigKeys.TABLE, "t".repeat(63)).mapping().table()).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users; drop", "a-b", "1abc", "a.b.c", "app.users", "x y", "col'"})
    void badColumnNamesAreRejected(String column) {
        for (String key : List.of(
                ConfigKeys.COLUMN_ID,
                ConfigKeys.COLUMN_USERNAME,
                ConfigKeys.COLUMN_EMAIL,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            assertThatThrownBy(() -> parse(key, column))
                    .as("%s = '%s'", key, column)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("not a plain SQL identifier");
        }
    }

    @Test
    void tooLongColumnNameIsRejected() {
        assertThatThrownBy(() -> parse(ConfigKeys.COLUMN_EMAIL, "c".repeat(64)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not a plain SQL identifier");
        assertThat(parse(ConfigKeys.COLUMN_EMAIL, "c".repeat(63)).mapping().email())
                .contains("c".repeat(63));
    }

    @Test
    void schemaQualifiedTableIsAccepted() {
        assertThat(parse(ConfigKeys.TABLE, "app.users").mapping().table()).isEqualTo("app.users");
        assertThat(parse(ConfigKeys.TABLE, "_App_1.Users_2").mapping().table()).isEqualTo("_App_1.Users_2");
    }

    // ---------------------------------------------------------------- JDBC URL

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "postgresql://localhost/app", "jdbc", "odbc:postgresql://x/app"})
    void jdbcUrlMustBePresentAndStartWithJdbc(String url) {
        Map<String, List<String>> config = config();
        config.put(ConfigKeys.JDBC_URL, Arrays.asList(url));
        assertThatThrownBy(() -> ExternalUsersConfig.parse(config))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("JDBC URL");
    }

    @Test
    void jdbcUrlKeyAbsentIsRejected() {
        assertThatThrownBy(() -> ExternalUsersConfig.parse(Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("JDBC URL is required");
    }

    @Test
    void jdbcUrlIsTrimmed() {
        Map<String, List<String>> config = config();
        config.put(ConfigKeys.JDBC_URL, List.of("  jdbc:h2:mem:x  "));
        assertThat(ExternalUsersConfig.parse(config).connection().jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
    }

    // ---------------------------------------------------------------- pool numbers

    @Test
    void poolMinGreaterThanMaxIsRejected() {
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_MIN_SIZE, "6", ConfigKeys.POOL_MAX_SIZE, "5"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Pool min size (6) must not exceed pool max size (5)");
        // against the default max of 10
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_MIN_SIZE, "11"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("must not exceed");
    }

    @Test
    void poolMinEqualToMaxIsAccepted() {
        ConnectionSettings c = parse(ConfigKeys.POOL_MIN_SIZE, "5", ConfigKeys.POOL_MAX_SIZE, "5")
                .connection();
        assertThat(c.poolMinSize()).isEqualTo(5);
        assertThat(c.poolMaxSize()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {ConfigKeys.POOL_MIN_SIZE, ConfigKeys.POOL_MAX_SIZE, ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS})
    void nonNumericNumbersAreRejected(String key) {
        for (String value : List.of("ten", "1.5", "5ms", "99999999999")) {
            assertThatThrownBy(() -> parse(key, value))
                    .as("%s = '%s'", key, value)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("whole number");
        }
    }

    @Test
    void outOfRangeNumbersAreRejected() {
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_MIN_SIZE, "-1"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("between 0 and 1000");
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_MAX_SIZE, "0"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_MAX_SIZE, "1001"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, "0"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("between 1 and 600000");
        assertThatThrownBy(() -> parse(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, "600001"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("between 1 and 600000");
        assertThat(parse(ConfigKeys.POOL_ACQUISITION_TIMEOUT_MS, "600000")
                        .connection()
                        .acquisitionTimeout())
                .isEqualTo(Duration.ofMinutes(10));
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void connectionSettingsToStringNeverContainsThePassword() {
        String password = "S3cr3t-Pa55word";
        ExternalUsersConfig config = parse(ConfigKeys.DB_USER, "app_reader", ConfigKeys.DB_PASSWORD, password);

        assertThat(config.connection().passwordExpression()).isEqualTo(password);
        assertThat(config.connection().toString())
                .doesNotContain(password)
                .contains(URL)
                .contains("app_reader")
                .contains("1..10");
        // nor does the whole config, which embeds the connection settings
        assertThat(config.toString()).doesNotContain(password);
    }

    @Test
    void connectionSettingsToStringDropsUrlParametersThatMayCarryCredentials() {
        ConnectionSettings pg = new ConnectionSettings(
                "jdbc:postgresql://db:5432/app?user=u&password=S3cr3t", "u", null, 1, 2, Duration.ofSeconds(1));
        assertThat(pg.toString()).contains("jdbc:postgresql://db:5432/app?…").doesNotContain("S3cr3t");
        ConnectionSettings h2 = new ConnectionSettings(
                "jdbc:h2:tcp://h/mem:x;PASSWORD=S3cr3t", "sa", null, 1, 2, Duration.ofSeconds(1));
        assertThat(h2.toString()).contains("jdbc:h2:tcp://h/mem:x?…").doesNotContain("S3cr3t");
        ConnectionSettings mysql =
                new ConnectionSettings("jdbc:mysql://app:S3cr3t@db:3306/app", "app", null, 1, 2, Duration.ofSeconds(1));
        assertThat(mysql.toString()).contains("jdbc:mysql://***@db:3306/app").doesNotContain("S3cr3t");
    }

    @Test
    void connectionSettingsToStringNeverContainsAVaultReference() {
        ConnectionSettings settings =
                new ConnectionSettings("jdbc:h2:mem:x", "sa", "${vault.app_db_password}", 1, 2, Duration.ofSeconds(1));
        assertThat(settings.toString()).doesNotContain("vault").doesNotContain("app_db_password");
    }

    // ---------------------------------------------------------------- operator datasource

    private static Map<String, List<String>> datasourceConfig(String name, String... keyValues) {
        Map<String, List<String>> config = config();
        config.remove(ConfigKeys.JDBC_URL);
        config.put(ConfigKeys.DATASOURCE, List.of(name));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return config;
    }

    @Test
    void aDatasourceReplacesTheJdbcUrl() {
        ConnectionSettings c =
                ExternalUsersConfig.parse(datasourceConfig(" appusers ")).connection();
        assertThat(c.operatorDatasource()).isTrue();
        assertThat(c.datasource()).isEqualTo("appusers");
        assertThat(c.unresolvedPlaceholder()).isFalse();
        assertThat(c.toString()).isEqualTo("ConnectionSettings[datasource=appusers]");
        assertThat(parse().connection().operatorDatasource()).isFalse();
    }

    @Test
    void aDatasourceRefusesAUrlUserOrPasswordBesideIt() {
        assertThatThrownBy(() -> ExternalUsersConfig.parse(
                        datasourceConfig("appusers", ConfigKeys.JDBC_URL, URL, ConfigKeys.DB_PASSWORD, "secret")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Datasource 'appusers' is set: leave jdbcUrl, dbPassword empty (the operator's datasource "
                        + "brings its own URL and credentials).");
        assertThatThrownBy(() -> ExternalUsersConfig.parse(datasourceConfig("appusers", ConfigKeys.DB_USER, "app")))
                .hasMessageContaining("leave dbUser empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<default>", "app users", "a;b", "x\"y"})
    void aDatasourceNameIsAPlainName(String name) {
        assertThatThrownBy(() -> ExternalUsersConfig.parse(datasourceConfig(name)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("is not a datasource name");
    }

    @Test
    void withoutDatasourceTheJdbcUrlIsStillRequired() {
        Map<String, List<String>> config = config();
        config.remove(ConfigKeys.JDBC_URL);
        assertThatThrownBy(() -> ExternalUsersConfig.parse(config)).hasMessageContaining("JDBC URL is required");
    }
}
