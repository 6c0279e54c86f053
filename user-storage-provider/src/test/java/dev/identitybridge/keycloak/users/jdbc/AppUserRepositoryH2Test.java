package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;

/**
 * Runs the repository's real SQL against an in-memory H2 database holding the reference schema and the demo
 * users (Liquibase changelog, context {@code demo}).
 */
class AppUserRepositoryH2Test {

    static final String CHANGELOG = "META-INF/identity-bridge/db/users-changelog.xml";

    static final String ALICE_ID = "6f1c2a4e-0001-4000-8000-000000000001";
    static final String BOB_ID = "6f1c2a4e-0001-4000-8000-000000000002";
    static final String FRANK_ID = "6f1c2a4e-0001-4000-8000-000000000006";
    static final String MALLORY_ID = "6f1c2a4e-0001-4000-8000-000000000009";
    static final List<String> ALL_USERNAMES =
            List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "mallory");

    static String url;
    static JdbcDataSource dataSource;
    static Connection keepAlive;
    static TableMapping mapping;
    static AppUserRepository repository;

    @BeforeAll
    static void createDatabase() throws Exception {
        System.setProperty("liquibase.analytics.enabled", "false");
        url = "jdbc:h2:mem:users-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        keepAlive = dataSource.getConnection();

        try (Connection c = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            @SuppressWarnings("deprecation")
            Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database);
            liquibase.update(new Contexts("demo"), new LabelExpression());
        }

        execute(
                // integer ids
                "CREATE TABLE num_users (id BIGINT PRIMARY KEY, username VARCHAR(50) NOT NULL, email VARCHAR(100),"
                        + " active INTEGER, pw VARCHAR(100))",
                "INSERT INTO num_users VALUES (1, 'one', 'one@example.com', 1, '')",
                "INSERT INTO num_users VALUES (42, 'Answer', NULL, 0, NULL)",
                // UUID ids
                "CREATE TABLE uuid_users (id UUID PRIMARY KEY, username VARCHAR(50) NOT NULL)",
                "INSERT INTO uuid_users VALUES ('" + ALICE_ID + "', 'uuid-alice')",
                // duplicate emails (no unique index)
                "CREATE TABLE dup_users (id VARCHAR(10) PRIMARY KEY, username VARCHAR(50), email VARCHAR(100))",
                "INSERT INTO dup_users VALUES ('1', 'a', 'same@example.com')",
                "INSERT INTO dup_users VALUES ('2', 'b', 'SAME@example.com')",
                "INSERT INTO dup_users VALUES ('3', 'c', 'other@example.com')",
                // schema-qualified table
                "CREATE SCHEMA app",
                "CREATE TABLE app.members (member_id VARCHAR(10) PRIMARY KEY, login VARCHAR(50))",
                "INSERT INTO app.members VALUES ('m1', 'Member.One')",
                // literal LIKE metacharacters in data
                "CREATE TABLE odd_users (id VARCHAR(10) PRIMARY KEY, username VARCHAR(50))",
                "INSERT INTO odd_users VALUES ('1', '50%_off!'), ('2', '50xxoff'), ('3', 'a_b'), ('4', 'axb')");

        mapping = ExternalUsersConfig.parse(Map.of(ConfigKeys.JDBC_URL, List.of(url)))
                .mapping();
        repository = new AppUserRepository(dataSource, mapping, Dialect.H2, new AvailabilityGuard());
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed by SHUTDOWN
        }
        keepAlive.close();
    }

    static void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    static AppUserRepository repository(Map<String, String> options) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(url));
        options.forEach((k, v) -> config.put(k, List.of(v)));
        return new AppUserRepository(
                dataSource, ExternalUsersConfig.parse(config).mapping(), Dialect.H2, new AvailabilityGuard());
    }

    static Map<String, String> onlyRequiredColumns(String table, String id, String username) {
        Map<String, String> options = new HashMap<>();
        options.put(ConfigKeys.TABLE, table);
        options.put(ConfigKeys.COLUMN_ID, id);
        options.put(ConfigKeys.COLUMN_USERNAME, username);
        for (String key : List.of(
                ConfigKeys.COLUMN_EMAIL,
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                ConfigKeys.COLUMN_FIRST_NAME,
                ConfigKeys.COLUMN_LAST_NAME,
                ConfigKeys.COLUMN_ENABLED,
                ConfigKeys.COLUMN_PASSWORD_HASH,
                ConfigKeys.COLUMN_AUTH_ID,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            options.put(key, ExternalUsersConfig.NOT_MAPPED);
        }
        return options;
    }

    static List<String> usernames(List<AppRow> users) {
        return users.stream().map(AppRow::username).toList();
    }

    static Map<String, String> search(String value) {
        return Map.of(UserModel.SEARCH, value);
    }

    // ================================================================================================ lookups

    @Nested
    class Lookups {

        @Test
        void findByIdReadsEveryMappedColumn() {
            AppRow alice = repository.findById(ALICE_ID).orElseThrow();
            assertThat(alice.id()).isEqualTo(ALICE_ID);
            assertThat(alice.username()).isEqualTo("alice");
            assertThat(alice.email()).isEqualTo("alice@example.com");
            assertThat(alice.emailVerified()).isTrue();
            assertThat(alice.firstName()).isEqualTo("Alice");
            assertThat(alice.lastName()).isEqualTo("Anderson");
            assertThat(alice.enabled()).isTrue();
            assertThat(alice.authId()).isNull();
            // created_at defaults to CURRENT_TIMESTAMP
            assertThat(alice.createdTimestamp())
                    .isNotNull()
                    .isBetween(
                            System.currentTimeMillis() - 86_400_000L * 2, System.currentTimeMillis() + 86_400_000L * 2);
        }

        @Test
        void findByIdReadsBooleansFalse() {
            AppRow frank = repository.findById(FRANK_ID).orElseThrow();
            assertThat(frank.username()).isEqualTo("frank");
            assertThat(frank.emailVerified()).isFalse();
            assertThat(frank.enabled()).isTrue();
            AppRow mallory = repository.findById(MALLORY_ID).orElseThrow();
            assertThat(mallory.enabled()).isFalse();
            assertThat(mallory.emailVerified()).isTrue();
        }

        @Test
        void findByIdMissesUnknownIds() {
            assertThat(repository.findById("6f1c2a4e-0001-4000-8000-000000000099"))
                    .isEmpty();
            assertThat(repository.findById(ALICE_ID.toUpperCase())).isEmpty();
            assertThat(repository.findById("")).isEmpty();
            assertThat(repository.findById(null)).isEmpty();
        }

        @Test
        void findByUsernameIsCaseInsensitive() {
            assertThat(repository.findByUsername("ALICE")).map(AppRow::id).contains(ALICE_ID);
            assertThat(repository.findByUsername("alice")).map(AppRow::id).contains(ALICE_ID);
            assertThat(repository.findByUsername("Bob")).map(AppRow::id).contains(BOB_ID);
        }

        @Test
        void findByUsernameIsNotAPatternMatch() {
            assertThat(repository.findByUsername("ali")).isEmpty();
            assertThat(repository.findByUsername("al%")).isEmpty();
            assertThat(repository.findByUsername("_lice")).isEmpty();
            assertThat(repository.findByUsername("nobody")).isEmpty();
            assertThat(repository.findByUsername("  ")).isEmpty();
            assertThat(repository.findByUsername(null)).isEmpty();
        }

        @Test
        void findByEmailIsCaseInsensitiveAndTrimmed() {
            assertThat(repository.findByEmail("Alice@Example.com"))
                    .map(AppRow::id)
                    .contains(ALICE_ID);
            assertThat(repository.findByEmail("  BOB@EXAMPLE.COM "))
                    .map(AppRow::username)
                    .contains("bob");
            assertThat(repository.findByEmail("alice@example")).isEmpty();
            assertThat(repository.findByEmail("")).isEmpty();
            assertThat(repository.findByEmail(null)).isEmpty();
        }

        @Test
        void findByEmailWithTwoMatchesIsADuplicate() {
            AppUserRepository dup = repository(Map.of(
                    ConfigKeys.TABLE,
                    "dup_users",
                    ConfigKeys.COLUMN_EMAIL_VERIFIED,
                    "-",
                    ConfigKeys.COLUMN_FIRST_NAME,
                    "-",
                    ConfigKeys.COLUMN_LAST_NAME,
                    "-",
                    ConfigKeys.COLUMN_ENABLED,
                    "-",
                    ConfigKeys.COLUMN_PASSWORD_HASH,
                    "-",
                    ConfigKeys.COLUMN_AUTH_ID,
                    "-",
                    ConfigKeys.COLUMN_CREATED_AT,
                    "-",
                    ConfigKeys.COLUMN_UPDATED_AT,
                    "-"));
            assertThatThrownBy(() -> dup.findByEmail("same@example.com"))
                    .isInstanceOf(ModelDuplicateException.class)
                    .hasMessageNotContaining("same@example.com");
            assertThat(dup.findByEmail("Other@Example.com")).map(AppRow::id).contains("3");
        }

        @Test
        void findByEmailWithoutEmailColumnFindsNothing() {
            AppUserRepository noEmail = repository(Map.of(ConfigKeys.COLUMN_EMAIL, "-"));
            assertThat(noEmail.findByEmail("alice@example.com")).isEmpty();
            AppRow alice = noEmail.findById(ALICE_ID).orElseThrow();
            assertThat(alice.email()).isNull();
            assertThat(alice.username()).isEqualTo("alice");
        }

        @Test
        void findPasswordHash() {
            assertThat(repository.findCredential(ALICE_ID).map(StoredCredential::passwordHash))
                    .contains("$2y$10$cfHI7D1lhQjDX7XihgEzGuz2yBqbG.OMxhdrN4FLVz3.fFY.iOpZe");
            assertThat(repository
                            .findCredential("6f1c2a4e-0001-4000-8000-000000000007")
                            .map(StoredCredential::passwordHash))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("{SSHA256}"));
            assertThat(repository.findCredential("no-such-id").map(StoredCredential::passwordHash))
                    .isEmpty();
            assertThat(repository.findCredential("").map(StoredCredential::passwordHash))
                    .isEmpty();
        }

        @Test
        void credentialCarriesTheEnabledFlagOfTheRow() {
            assertThat(repository.findCredential("6f1c2a4e-0001-4000-8000-000000000009"))
                    .hasValueSatisfying(c -> assertThat(c.enabled()).isFalse());
            assertThat(repository.findCredential(ALICE_ID))
                    .hasValueSatisfying(c -> assertThat(c.enabled()).isTrue());
        }

        @Test
        void findPasswordHashWithoutHashColumnIsEmpty() {
            AppUserRepository noHash = repository(Map.of(ConfigKeys.COLUMN_PASSWORD_HASH, "-"));
            assertThat(noHash.findCredential(ALICE_ID).map(StoredCredential::passwordHash))
                    .isEmpty();
            assertThat(noHash.findById(ALICE_ID)).isPresent();
        }

        @Test
        void profileNeverIncludesThePasswordHash() {
            assertThat(repository.findById(ALICE_ID).orElseThrow().toString()).doesNotContain("$2y$");
        }
    }

    // ================================================================================================ search

    @Nested
    class Search {

        @Test
        void starReturnsEveryoneSortedByUsername() {
            List<AppRow> all = repository.search(search("*"), null, null);
            assertThat(usernames(all)).containsExactlyElementsOf(ALL_USERNAMES);
            assertThat(repository.count(search("*"))).isEqualTo(9);
        }

        @Test
        void noParametersReturnsEveryone() {
            assertThat(usernames(repository.search(Map.of(), null, null))).containsExactlyElementsOf(ALL_USERNAMES);
            assertThat(repository.count(Map.of())).isEqualTo(9);
        }

        @Test
        void paging() {
            assertThat(usernames(repository.search(search("*"), 2, 3))).containsExactly("carol", "dave", "erin");
            assertThat(usernames(repository.search(search("*"), 0, 1))).containsExactly("alice");
            assertThat(usernames(repository.search(search("*"), 7, 10))).containsExactly("heidi", "mallory");
            assertThat(usernames(repository.search(search("*"), 3, null)))
                    .hasSize(6)
                    .startsWith("dave");
            assertThat(usernames(repository.search(search("*"), null, 2))).containsExactly("alice", "bob");
            assertThat(repository.search(search("*"), 9, 10)).isEmpty();
            assertThat(repository.search(search("*"), 0, 0)).isEmpty();
            // negative values mean "no offset" and "no limit"
            assertThat(usernames(repository.search(search("*"), -1, -1))).containsExactlyElementsOf(ALL_USERNAMES);
        }

        @Test
        void pagesCoverEveryoneOnce() {
            List<String> paged = new java.util.ArrayList<>();
            for (int first = 0; first < 9; first += 4) {
                paged.addAll(usernames(repository.search(search("*"), first, 4)));
            }
            assertThat(paged).containsExactlyElementsOf(ALL_USERNAMES);
        }

        @Test
        void countMatchesSearchSize() {
            List<Map<String, String>> queries = List.of(
                    search("*"),
                    search("a"),
                    search("*a*"),
                    search("\"bob\""),
                    search("al"),
                    search("x y"),
                    Map.of(UserModel.USERNAME, "al"),
                    Map.of(UserModel.ENABLED, "false"),
                    Map.of(UserModel.ENABLED, "true"),
                    Map.of(UserModel.EMAIL_VERIFIED, "false"),
                    Map.of(UserModel.EMAIL, "example.com"),
                    Map.of("department", "x"),
                    Map.of(UserSearchCriteria.APP_USER_ID, BOB_ID));
            for (Map<String, String> query : queries) {
                assertThat(repository.count(query))
                        .as(query.toString())
                        .isEqualTo(repository.search(query, null, null).size());
            }
        }

        @Test
        void prefixSearchOverAllNameColumns() {
            // username, email, first name: alice; last name Anderson is alice's too
            assertThat(usernames(repository.search(search("a"), null, null))).containsExactly("alice");
            assertThat(usernames(repository.search(search("AL"), null, null))).containsExactly("alice");
            // last name only: Moss
            assertThat(usernames(repository.search(search("mos"), null, null))).containsExactly("mallory");
            // email prefix
            assertThat(usernames(repository.search(search("heidi@"), null, null)))
                    .containsExactly("heidi");
            // substring needs a leading star
            assertThat(repository.search(search("llory"), null, null)).isEmpty();
            assertThat(usernames(repository.search(search("*llory"), null, null)))
                    .containsExactly("mallory");
        }

        @Test
        void quotedSearchIsExact() {
            assertThat(usernames(repository.search(search("\"bob\""), null, null)))
                    .containsExactly("bob");
            assertThat(usernames(repository.search(search("\"BROWN\""), null, null)))
                    .containsExactly("bob");
            assertThat(repository.search(search("\"bo\""), null, null)).isEmpty();
            assertThat(repository.count(search("\"bo\""))).isZero();
        }

        @Test
        void allTermsMustMatch() {
            assertThat(usernames(repository.search(search("alice anderson"), null, null)))
                    .containsExactly("alice");
            assertThat(usernames(repository.search(search("Bob \"brown\""), null, null)))
                    .containsExactly("bob");
            assertThat(repository.search(search("alice brown"), null, null)).isEmpty();
        }

        @Test
        void wildcardInTheMiddle() {
            // "c%l%": carol / Clark
            assertThat(usernames(repository.search(search("c*l"), null, null))).containsExactly("carol");
            // "%e%n%": Anderson, erin, Green
            assertThat(usernames(repository.search(search("*e*n"), null, null)))
                    .containsExactly("alice", "erin", "grace");
            // without the leading star the term still is a prefix: "e%n%"
            assertThat(usernames(repository.search(search("e*n"), null, null))).containsExactly("erin");
        }

        @Test
        void likeMetacharactersInTheSearchAreLiteral() {
            // unescaped, '_' would match any character and '%' anything
            assertThat(repository.search(search("_lice"), null, null)).isEmpty();
            assertThat(repository.search(search("%"), null, null)).isEmpty();
            assertThat(repository.count(search("%"))).isZero();
            assertThat(repository.search(Map.of(UserModel.USERNAME, "l_c"), null, null))
                    .isEmpty();

            AppUserRepository odd = repository(onlyRequiredColumns("odd_users", "id", "username"));
            assertThat(usernames(odd.search(search("50%_off!"), null, null))).containsExactly("50%_off!");
            assertThat(usernames(odd.search(search("a_"), null, null))).containsExactly("a_b");
            assertThat(usernames(odd.search(Map.of(UserModel.USERNAME, "%_"), null, null)))
                    .containsExactly("50%_off!");
            assertThat(usernames(odd.search(Map.of(UserModel.USERNAME, "!"), null, null)))
                    .containsExactly("50%_off!");
            assertThat(usernames(odd.search(search("*"), null, null)))
                    .containsExactly("50%_off!", "50xxoff", "a_b", "axb");
        }

        @Test
        void usernameFilterIsASubstringUnlessExact() {
            assertThat(usernames(repository.search(Map.of(UserModel.USERNAME, "AL"), null, null)))
                    .containsExactly("alice", "mallory");
            assertThat(usernames(repository.search(
                            Map.of(UserModel.USERNAME, "ALICE", UserModel.EXACT, "true"), null, null)))
                    .containsExactly("alice");
            assertThat(repository.search(Map.of(UserModel.USERNAME, "al", UserModel.EXACT, "true"), null, null))
                    .isEmpty();
        }

        @Test
        void otherTextFilters() {
            assertThat(repository.search(Map.of(UserModel.EMAIL, "EXAMPLE.com"), null, null))
                    .hasSize(9);
            assertThat(usernames(repository.search(
                            Map.of(UserModel.EMAIL, "Carol@Example.com", UserModel.EXACT, "true"), null, null)))
                    .containsExactly("carol");
            assertThat(usernames(repository.search(Map.of(UserModel.FIRST_NAME, "RA"), null, null)))
                    .containsExactly("frank", "grace");
            // Anderson, Davis, Evans, Fischer, Moss
            assertThat(usernames(repository.search(Map.of(UserModel.LAST_NAME, "S"), null, null)))
                    .containsExactly("alice", "dave", "erin", "frank", "mallory");
        }

        @Test
        void booleanFilters() {
            assertThat(usernames(repository.search(Map.of(UserModel.ENABLED, "false"), null, null)))
                    .containsExactly("mallory");
            assertThat(repository.count(Map.of(UserModel.ENABLED, "true"))).isEqualTo(8);
            assertThat(usernames(repository.search(Map.of(UserModel.EMAIL_VERIFIED, "false"), null, null)))
                    .containsExactly("frank");
            Map<String, String> both = new LinkedHashMap<>();
            both.put(UserModel.ENABLED, "true");
            both.put(UserModel.EMAIL_VERIFIED, "true");
            both.put(UserModel.SEARCH, "*");
            assertThat(usernames(repository.search(both, null, null)))
                    .containsExactly("alice", "bob", "carol", "dave", "erin", "grace", "heidi");
        }

        @Test
        void appUserIdLookup() {
            assertThat(usernames(repository.search(Map.of(UserSearchCriteria.APP_USER_ID, BOB_ID), null, null)))
                    .containsExactly("bob");
            assertThat(usernames(
                            repository.search(Map.of(UserSearchCriteria.APP_USER_ID, " " + BOB_ID + " "), null, null)))
                    .containsExactly("bob");
            assertThat(repository.count(Map.of(UserSearchCriteria.APP_USER_ID, BOB_ID)))
                    .isEqualTo(1);
            assertThat(repository.search(Map.of(UserSearchCriteria.APP_USER_ID, "nope"), null, null))
                    .isEmpty();
        }

        @Test
        void unknownAttributeMatchesNoOne() {
            assertThat(repository.search(Map.of("department", "sales"), null, null))
                    .isEmpty();
            assertThat(repository.count(Map.of("department", "sales"))).isZero();
            assertThat(repository.search(Map.of(UserModel.IDP_ALIAS, "google"), null, null))
                    .isEmpty();
        }

        @Test
        void exactAndIncludeServiceAccountAreIgnored() {
            Map<String, String> params = Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false", UserModel.EXACT, "true");
            assertThat(usernames(repository.search(params, null, null))).containsExactlyElementsOf(ALL_USERNAMES);
            assertThat(repository.count(params)).isEqualTo(9);
        }

        @Test
        void unmappedBooleanColumns() {
            AppUserRepository minimal = repository(onlyRequiredColumns("users", "id", "username"));
            assertThat(minimal.count(Map.of(UserModel.ENABLED, "true"))).isEqualTo(9);
            assertThat(minimal.count(Map.of(UserModel.ENABLED, "false"))).isZero();
            assertThat(minimal.count(Map.of(UserModel.EMAIL_VERIFIED, "false"))).isEqualTo(9);
            assertThat(minimal.search(Map.of(UserModel.EMAIL_VERIFIED, "true"), null, null))
                    .isEmpty();
            AppRow alice = minimal.findByUsername("alice").orElseThrow();
            assertThat(alice.enabled()).isNull();
            assertThat(alice.emailVerified()).isNull();
            assertThat(alice.createdTimestamp()).isNull();
        }
    }

    // ================================================================================================ id types

    @Nested
    class IdTypes {

        AppUserRepository numeric() {
            Map<String, String> options = onlyRequiredColumns("num_users", "id", "username");
            options.put(ConfigKeys.COLUMN_EMAIL, "email");
            options.put(ConfigKeys.COLUMN_ENABLED, "active");
            options.put(ConfigKeys.COLUMN_PASSWORD_HASH, "pw");
            return repository(options);
        }

        @Test
        void integerIdColumnIsDetected() throws SQLException {
            TableMapping numMapping = ExternalUsersConfig.parse(Map.ofEntries(
                            Map.entry(ConfigKeys.JDBC_URL, List.of(url)),
                            Map.entry(ConfigKeys.TABLE, List.of("num_users")),
                            Map.entry(ConfigKeys.COLUMN_EMAIL, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_EMAIL_VERIFIED, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_FIRST_NAME, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_LAST_NAME, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_ENABLED, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_PASSWORD_HASH, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_AUTH_ID, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_CREATED_AT, List.of("-")),
                            Map.entry(ConfigKeys.COLUMN_UPDATED_AT, List.of("-"))))
                    .mapping();
            try (Connection c = dataSource.getConnection()) {
                assertThat(TableInspector.inspect(c, numMapping, new UserSql(numMapping, Dialect.H2)))
                        .isEqualTo(IdColumnType.WHOLE_NUMBER);
            }
        }

        @Test
        void wholeNumberIdsAreBoundAsNumbers() {
            AppUserRepository numeric = numeric();
            AppRow answer = numeric.findById("42").orElseThrow();
            assertThat(answer.id()).isEqualTo("42");
            assertThat(answer.username()).isEqualTo("Answer");
            assertThat(answer.email()).isNull();
            assertThat(answer.enabled()).isFalse();
            assertThat(numeric.findById("1").orElseThrow().enabled()).isTrue();
            assertThat(numeric.findByUsername("answer")).map(AppRow::id).contains("42");
        }

        @Test
        void nonNumericIdIsNotFoundWithoutQueryError() {
            AppUserRepository numeric = numeric();
            assertThat(numeric.findById("abc")).isEmpty();
            assertThat(numeric.findById("4.2")).isEmpty();
            assertThat(numeric.findById("99")).isEmpty();
            assertThat(numeric.findCredential("abc").map(StoredCredential::passwordHash))
                    .isEmpty();
        }

        @Test
        void wholeNumberIdInSearchAndCount() {
            AppUserRepository numeric = numeric();
            assertThat(usernames(numeric.search(Map.of(UserSearchCriteria.APP_USER_ID, "42"), null, null)))
                    .containsExactly("Answer");
            assertThat(numeric.count(Map.of(UserSearchCriteria.APP_USER_ID, "42")))
                    .isEqualTo(1);
            assertThat(numeric.search(Map.of(UserSearchCriteria.APP_USER_ID, "abc"), null, null))
                    .isEmpty();
            assertThat(numeric.count(Map.of(UserSearchCriteria.APP_USER_ID, "abc")))
                    .isZero();
            // integer "enabled" column compared with a boolean parameter
            assertThat(usernames(numeric.search(Map.of(UserModel.ENABLED, "true"), null, null)))
                    .containsExactly("one");
        }

        @Test
        void blankOrNullPasswordHashIsNoHash() {
            AppUserRepository numeric = numeric();
            assertThat(numeric.findCredential("1").map(StoredCredential::passwordHash))
                    .isEmpty(); // ''
            assertThat(numeric.findCredential("42").map(StoredCredential::passwordHash))
                    .isEmpty(); // NULL
        }

        @Test
        void uuidIdColumn() throws SQLException {
            Map<String, String> options = onlyRequiredColumns("uuid_users", "id", "username");
            AppUserRepository uuid = repository(options);
            assertThat(uuid.findById(ALICE_ID)).map(AppRow::username).contains("uuid-alice");
            assertThat(uuid.findById(ALICE_ID.toUpperCase()))
                    .map(AppRow::username)
                    .contains("uuid-alice");
            assertThat(uuid.findById("not-a-uuid")).isEmpty();
            assertThat(uuid.count(Map.of(UserSearchCriteria.APP_USER_ID, ALICE_ID)))
                    .isEqualTo(1);
            assertThat(uuid.count(Map.of(UserSearchCriteria.APP_USER_ID, "42"))).isZero();

            TableMapping uuidMapping = parseMapping(options);
            try (Connection c = dataSource.getConnection()) {
                assertThat(TableInspector.inspect(c, uuidMapping, new UserSql(uuidMapping, Dialect.H2)))
                        .isEqualTo(IdColumnType.UUID_VALUE);
            }
        }

        @Test
        void textIdColumnIsDetected() throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                assertThat(TableInspector.inspect(c, mapping, new UserSql(mapping, Dialect.H2)))
                        .isEqualTo(IdColumnType.TEXT);
            }
        }
    }

    static TableMapping parseMapping(Map<String, String> options) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(url));
        options.forEach((k, v) -> config.put(k, List.of(v)));
        return ExternalUsersConfig.parse(config).mapping();
    }

    static IdColumnType inspect(Map<String, String> options) throws SQLException {
        TableMapping m = parseMapping(options);
        try (Connection c = dataSource.getConnection()) {
            return TableInspector.inspect(c, m, new UserSql(m, Dialect.H2));
        }
    }

    // ================================================================================================ inspection

    @Nested
    class Inspection {

        @Test
        void missingTable() {
            assertThatThrownBy(() -> inspect(Map.of(ConfigKeys.TABLE, "no_such_table")))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("no_such_table")
                    .hasMessageContaining("was not found");
        }

        /**
         * Known bug, left unfixed on purpose (see the test report): TableInspector.isMissingTable looks the table
         * up in every schema, so on H2 a missing table named like an INFORMATION_SCHEMA table (USERS, ROLES, ...;
         * "users" is the default!) is taken as existing and the raw SQLException escapes instead of the
         * admin-readable InvalidConfigException. Enable once fixed.
         */
        @Test
        void missingDefaultUsersTableInAnEmptyDatabase() throws SQLException {
            JdbcDataSource empty = new JdbcDataSource();
            String emptyUrl = "jdbc:h2:mem:empty-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            empty.setURL(emptyUrl);
            TableMapping defaults = ExternalUsersConfig.parse(Map.of(ConfigKeys.JDBC_URL, List.of(emptyUrl)))
                    .mapping();
            try (Connection c = empty.getConnection()) {
                assertThatThrownBy(() -> TableInspector.inspect(c, defaults, new UserSql(defaults, Dialect.H2)))
                        .isInstanceOf(InvalidConfigException.class)
                        .hasMessageContaining("'users' was not found");
                c.createStatement().execute("SHUTDOWN");
            }
        }

        @Test
        void missingSchemaQualifiedTable() {
            assertThatThrownBy(() -> inspect(Map.of(ConfigKeys.TABLE, "app.nothing")))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'app.nothing' was not found");
        }

        @Test
        void missingTableSurfacesThroughTheRepository() {
            AppUserRepository broken = repository(Map.of(ConfigKeys.TABLE, "no_such_table"));
            assertThatThrownBy(() -> broken.findById("1"))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("was not found");
        }

        @Test
        void missingColumn() {
            assertThatThrownBy(() -> inspect(Map.of(ConfigKeys.COLUMN_EMAIL, "mail")))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'mail'")
                    .hasMessageContaining(ConfigKeys.COLUMN_EMAIL)
                    .hasMessageContaining("does not exist in table 'users'");
            assertThatThrownBy(() -> inspect(Map.of(ConfigKeys.COLUMN_ID, "user_id")))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'user_id'")
                    .hasMessageContaining("does not exist in table");
        }

        @Test
        void unmappedColumnsAreNotChecked() throws SQLException {
            // the dup_users table has no first_name etc.; it is fine once those are not mapped
            Map<String, String> options = onlyRequiredColumns("dup_users", "id", "username");
            assertThat(inspect(options)).isEqualTo(IdColumnType.TEXT);
            assertThatThrownBy(() -> inspect(Map.of(ConfigKeys.TABLE, "dup_users")))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("does not exist in table 'dup_users'");
        }

        @Test
        void columnNamesAreMatchedCaseInsensitively() throws SQLException {
            assertThat(inspect(Map.of(ConfigKeys.COLUMN_USERNAME, "USERNAME", ConfigKeys.COLUMN_ID, "Id")))
                    .isEqualTo(IdColumnType.TEXT);
        }

        @Test
        void schemaQualifiedTable() throws SQLException {
            Map<String, String> options = onlyRequiredColumns("app.members", "member_id", "login");
            assertThat(inspect(options)).isEqualTo(IdColumnType.TEXT);
            AppUserRepository members = repository(options);
            assertThat(members.findByUsername("member.one")).map(AppRow::id).contains("m1");
            assertThat(members.findById("m1")).map(AppRow::username).contains("Member.One");
        }

        @Test
        void inspectionOnlyReadsMetadata() throws SQLException {
            inspect(Map.of());
            assertThat(repository.count(Map.of())).isEqualTo(9);
        }
    }

    @Test
    void theDemoDataSetIsTheExpectedOne() {
        assertThat(repository.count(Map.of())).isEqualTo(ALL_USERNAMES.size());
        assertThat(repository.findById(BOB_ID)).map(AppRow::username).contains("bob");
        assertThat(Optional.of(mapping.table())).contains("users");
    }

    @Nested
    class ExactAttributeSearch {

        private List<String> usernames(String name, String value) {
            return ExactAttribute.of(name, value)
                    .map(a -> repository.search(a.searchParameters(), null, null).stream()
                            .filter(a::matches)
                            .map(dev.identitybridge.keycloak.users.AppRow::username)
                            .toList())
                    .orElse(List.of());
        }

        @Test
        void matchesWholeValuesOnly() {
            assertThat(usernames("username", "alice")).containsExactly("alice");
            assertThat(usernames("username", "alic")).isEmpty();
            assertThat(usernames("username", "%")).isEmpty();
            assertThat(usernames("email", "bob@example.com")).containsExactly("bob");
            assertThat(usernames("email", "example.com")).isEmpty();
            assertThat(usernames("firstName", "Alice")).containsExactly("alice");
            assertThat(usernames("firstName", "Ali")).isEmpty();
            assertThat(usernames("lastName", "Brown")).containsExactly("bob");
            assertThat(usernames("app_user_id", ALICE_ID)).containsExactly("alice");
        }

        @Test
        void usernamesAndEmailsIgnoreCaseAsKeycloakStoresThemLowerCasedNamesDoNot() {
            assertThat(usernames("username", "ALICE")).containsExactly("alice");
            assertThat(usernames("email", "Bob@Example.COM")).containsExactly("bob");
            assertThat(usernames("firstName", "alice")).isEmpty();
            assertThat(usernames("lastName", "BROWN")).isEmpty();
        }

        @Test
        void attributesTheTableDoesNotHoldAreNotSearchedHere() {
            for (String name : List.of("search", "enabled", "emailVerified", "exact", "department")) {
                assertThat(ExactAttribute.of(name, "true")).as(name).isEmpty();
            }
            assertThat(ExactAttribute.of("username", null)).isEmpty();
        }
    }
}
