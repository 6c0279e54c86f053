package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.UserModel;

/** Pure SQL-text and bind-parameter assertions; no database involved. */
class UserSearchCriteriaTest {

    /** The reference schema, every column mapped. */
    static final TableMapping FULL = new TableMapping(
            "users",
            "id",
            "username",
            Optional.of("email"),
            Optional.of("email_verified"),
            Optional.of("first_name"),
            Optional.of("last_name"),
            Optional.of("enabled"),
            Optional.of("password_hash"),
            Optional.of("auth_id"),
            Optional.of("created_at"),
            Optional.of("updated_at"),
            AttributeColumns.NONE);

    /** Only the required columns mapped. */
    static final TableMapping MINIMAL = new TableMapping(
            "users",
            "uid",
            "login",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            AttributeColumns.NONE);

    static final Function<String, Optional<Object>> TEXT_IDS = IdColumnType.TEXT::toParameter;

    static SqlCondition condition(Dialect dialect, TableMapping mapping, Map<String, String> params) {
        return new UserSearchCriteria(mapping, dialect, TEXT_IDS).toCondition(params);
    }

    static SqlCondition pg(Map<String, String> params) {
        return condition(Dialect.POSTGRESQL, FULL, params);
    }

    static SqlCondition maria(Map<String, String> params) {
        return condition(Dialect.MARIADB, FULL, params);
    }

    static String pgSearchOr(String comparison) {
        return "LOWER(username)" + comparison + " OR LOWER(email)" + comparison + " OR LOWER(first_name)" + comparison
                + " OR LOWER(last_name)" + comparison;
    }

    static String mariaSearchOr(String comparison) {
        return "username" + comparison + " OR email" + comparison + " OR first_name" + comparison + " OR last_name"
                + comparison;
    }

    static final String LIKE = " LIKE ? ESCAPE '!'";
    static final String EQ = " = ?";

    static List<Object> times4(Object value) {
        return Collections.nCopies(4, value);
    }

    // ------------------------------------------------------------------------------------------ empty / ignored

    @Test
    void noParametersMatchEveryone() {
        assertThat(pg(Map.of())).isSameAs(SqlCondition.ALWAYS);
        assertThat(SqlCondition.ALWAYS.sql()).isEqualTo("1=1");
        assertThat(SqlCondition.ALWAYS.parameters()).isEmpty();
    }

    @Test
    void exactAndIncludeServiceAccountAreIgnored() {
        Map<String, String> params = Map.of(UserModel.EXACT, "true", UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        assertThat(pg(params)).isSameAs(SqlCondition.ALWAYS);
        assertThat(maria(params)).isSameAs(SqlCondition.ALWAYS);
    }

    @Test
    void nullValuesAreSkipped() {
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.USERNAME, null);
        params.put("department", null);
        assertThat(pg(params)).isSameAs(SqlCondition.ALWAYS);
    }

    // ------------------------------------------------------------------------------------------ SEARCH

    @Nested
    class Search {

        @Test
        void termIsAPrefixByDefaultPostgres() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "ali"));
            assertThat(c.sql()).isEqualTo("(" + pgSearchOr(LIKE) + ")");
            assertThat(c.parameters()).isEqualTo(times4("ali%"));
        }

        @Test
        void termIsAPrefixByDefaultMariaDb() {
            SqlCondition c = maria(Map.of(UserModel.SEARCH, "ali"));
            assertThat(c.sql()).isEqualTo("(" + mariaSearchOr(LIKE) + ")");
            assertThat(c.sql()).doesNotContain("LOWER");
            assertThat(c.parameters()).isEqualTo(times4("ali%"));
        }

        @Test
        void termIsLowerCasedAndTrimmed() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "  ALIce  "));
            assertThat(c.parameters()).isEqualTo(times4("alice%"));
            // MariaDB relies on the collation, but the value is lower-cased all the same
            assertThat(maria(Map.of(UserModel.SEARCH, "ALIce")).parameters()).isEqualTo(times4("alice%"));
        }

        @Test
        void starAloneMatchesEveryone() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "*"));
            assertThat(c.sql()).isEqualTo("(" + pgSearchOr(LIKE) + ")");
            assertThat(c.parameters()).isEqualTo(times4("%"));
        }

        @Test
        void starIsAWildcardAnywhere() {
            assertThat(pg(Map.of(UserModel.SEARCH, "*son")).parameters()).isEqualTo(times4("%son%"));
            assertThat(pg(Map.of(UserModel.SEARCH, "a*e")).parameters()).isEqualTo(times4("a%e%"));
            // a trailing star is the prefix wildcard itself; no second % is appended
            assertThat(maria(Map.of(UserModel.SEARCH, "ali*")).parameters()).isEqualTo(times4("ali%"));
        }

        @Test
        void quotedTermIsAnExactCaseInsensitiveMatch() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "\"Alice\""));
            assertThat(c.sql()).isEqualTo("(" + pgSearchOr(EQ) + ")");
            assertThat(c.sql()).doesNotContain("LIKE").doesNotContain("ESCAPE");
            assertThat(c.parameters()).isEqualTo(times4("alice"));

            SqlCondition m = maria(Map.of(UserModel.SEARCH, "\"bob\""));
            assertThat(m.sql()).isEqualTo("(" + mariaSearchOr(EQ) + ")");
            assertThat(m.parameters()).isEqualTo(times4("bob"));
        }

        @Test
        void quotedTermIsNotLikeEscaped() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "\"a_b%c*\""));
            assertThat(c.parameters()).isEqualTo(times4("a_b%c*"));
        }

        @Test
        void loneQuoteIsAnOrdinaryPrefix() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "\""));
            assertThat(c.sql()).isEqualTo("(" + pgSearchOr(LIKE) + ")");
            assertThat(c.parameters()).isEqualTo(times4("\"%"));
        }

        @Test
        void severalTermsAreAnded() {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "alice \t  ANDERSON\n\"x\""));
            assertThat(c.sql())
                    .isEqualTo(
                            "(" + pgSearchOr(LIKE) + ") AND (" + pgSearchOr(LIKE) + ") AND (" + pgSearchOr(EQ) + ")");
            List<Object> expected = new java.util.ArrayList<>(times4("alice%"));
            expected.addAll(times4("anderson%"));
            expected.addAll(times4("x"));
            assertThat(c.parameters()).isEqualTo(expected);
        }

        @Test
        void severalTermsAreAndedMariaDb() {
            SqlCondition c = maria(Map.of(UserModel.SEARCH, "a b"));
            assertThat(c.sql()).isEqualTo("(" + mariaSearchOr(LIKE) + ") AND (" + mariaSearchOr(LIKE) + ")");
            assertThat(c.parameters()).containsExactly("a%", "a%", "a%", "a%", "b%", "b%", "b%", "b%");
        }

        @Test
        void likeMetacharactersAreEscapedWithBang() {
            // ! first (so the escapes added afterwards are not doubled), then % and _
            SqlCondition c = pg(Map.of(UserModel.SEARCH, "a%b_c!d"));
            assertThat(c.sql()).contains(" LIKE ? ESCAPE '!'");
            assertThat(c.parameters()).isEqualTo(times4("a!%b!_c!!d%"));
            assertThat(maria(Map.of(UserModel.SEARCH, "x_")).parameters()).isEqualTo(times4("x!_%"));
            assertThat(maria(Map.of(UserModel.SEARCH, "!")).parameters()).isEqualTo(times4("!!%"));
        }

        @Test
        void escapingAndWildcardCombine() {
            assertThat(pg(Map.of(UserModel.SEARCH, "*_*")).parameters()).isEqualTo(times4("%!_%"));
        }

        @Test
        void backslashIsNotSpecial() {
            assertThat(pg(Map.of(UserModel.SEARCH, "a\\b")).parameters()).isEqualTo(times4("a\\b%"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t\n"})
        void blankSearchMatchesEveryone(String search) {
            SqlCondition c = pg(Map.of(UserModel.SEARCH, search));
            assertThat(c).isEqualTo(SqlCondition.ALWAYS);
            assertThat(c.parameters()).isEmpty();
        }

        @Test
        void onlyMappedColumnsAreSearched() {
            SqlCondition c = condition(Dialect.POSTGRESQL, MINIMAL, Map.of(UserModel.SEARCH, "ali"));
            assertThat(c.sql()).isEqualTo("(LOWER(login) LIKE ? ESCAPE '!')");
            assertThat(c.parameters()).containsExactly("ali%");

            TableMapping noEmail = new TableMapping(
                    "users",
                    "id",
                    "username",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("first_name"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    AttributeColumns.NONE);
            SqlCondition m = condition(Dialect.MARIADB, noEmail, Map.of(UserModel.SEARCH, "\"al\""));
            assertThat(m.sql()).isEqualTo("(username = ? OR first_name = ?)");
            assertThat(m.parameters()).containsExactly("al", "al");
        }

        @Test
        void exactFlagDoesNotChangeSearch() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put(UserModel.SEARCH, "ali");
            params.put(UserModel.EXACT, "true");
            SqlCondition c = pg(params);
            assertThat(c.sql()).isEqualTo("(" + pgSearchOr(LIKE) + ")");
            assertThat(c.parameters()).isEqualTo(times4("ali%"));
        }
    }

    // ------------------------------------------------------------------------------------------ text filters

    @Nested
    class TextFilters {

        @Test
        void usernameIsASubstringMatchByDefault() {
            SqlCondition c = pg(Map.of(UserModel.USERNAME, "ALI"));
            assertThat(c.sql()).isEqualTo("LOWER(username) LIKE ? ESCAPE '!'");
            assertThat(c.parameters()).containsExactly("%ali%");

            SqlCondition m = maria(Map.of(UserModel.USERNAME, "ALI"));
            assertThat(m.sql()).isEqualTo("username LIKE ? ESCAPE '!'");
            assertThat(m.parameters()).containsExactly("%ali%");
        }

        @Test
        void exactFalseIsStillASubstringMatch() {
            SqlCondition c = pg(Map.of(UserModel.USERNAME, "ali", UserModel.EXACT, "false"));
            assertThat(c.sql()).isEqualTo("LOWER(username) LIKE ? ESCAPE '!'");
            assertThat(c.parameters()).containsExactly("%ali%");
        }

        @Test
        void eachTextColumnSubstring() {
            assertThat(pg(Map.of(UserModel.EMAIL, "@Example.COM")))
                    .isEqualTo(new SqlCondition("LOWER(email) LIKE ? ESCAPE '!'", List.of("%@example.com%")));
            assertThat(pg(Map.of(UserModel.FIRST_NAME, "Ali")))
                    .isEqualTo(new SqlCondition("LOWER(first_name) LIKE ? ESCAPE '!'", List.of("%ali%")));
            assertThat(pg(Map.of(UserModel.LAST_NAME, "Son")))
                    .isEqualTo(new SqlCondition("LOWER(last_name) LIKE ? ESCAPE '!'", List.of("%son%")));
            assertThat(maria(Map.of(UserModel.EMAIL, "X")))
                    .isEqualTo(new SqlCondition("email LIKE ? ESCAPE '!'", List.of("%x%")));
            assertThat(maria(Map.of(UserModel.FIRST_NAME, "X")))
                    .isEqualTo(new SqlCondition("first_name LIKE ? ESCAPE '!'", List.of("%x%")));
            assertThat(maria(Map.of(UserModel.LAST_NAME, "X")))
                    .isEqualTo(new SqlCondition("last_name LIKE ? ESCAPE '!'", List.of("%x%")));
        }

        @Test
        void substringValueIsLikeEscapedAndStarIsLiteral() {
            SqlCondition c = pg(Map.of(UserModel.USERNAME, "A_b%c!*"));
            assertThat(c.parameters()).containsExactly("%a!_b!%c!!*%");
        }

        @Test
        void exactTrueIsEqualityPostgres() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put(UserModel.USERNAME, "Alice");
            params.put(UserModel.EMAIL, "Alice@Example.com");
            params.put(UserModel.FIRST_NAME, "ALICE");
            params.put(UserModel.LAST_NAME, "Anderson");
            params.put(UserModel.EXACT, "true");
            SqlCondition c = pg(params);
            assertThat(c.sql())
                    .isEqualTo("LOWER(username) = ? AND LOWER(email) = ? AND LOWER(first_name) = ? "
                            + "AND LOWER(last_name) = ?");
            assertThat(c.parameters()).containsExactly("alice", "alice@example.com", "alice", "anderson");
        }

        @Test
        void exactTrueIsEqualityMariaDb() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put(UserModel.EXACT, "TRUE");
            params.put(UserModel.USERNAME, "Bob");
            params.put(UserModel.EMAIL, "B_b%@x");
            SqlCondition c = maria(params);
            assertThat(c.sql()).isEqualTo("username = ? AND email = ?");
            // equality: no LIKE escaping
            assertThat(c.parameters()).containsExactly("bob", "b_b%@x");
        }

        @Test
        void unmappedTextColumnMatchesNoOne() {
            for (String key : List.of(UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
                SqlCondition c = condition(Dialect.POSTGRESQL, MINIMAL, Map.of(key, "x"));
                assertThat(c).as(key).isEqualTo(SqlCondition.NEVER);
                assertThat(c.sql()).isEqualTo("1=0");
            }
            // the username column is always mapped
            assertThat(condition(Dialect.POSTGRESQL, MINIMAL, Map.of(UserModel.USERNAME, "x"))
                            .sql())
                    .isEqualTo("LOWER(login) LIKE ? ESCAPE '!'");
        }
    }

    // ------------------------------------------------------------------------------------------ booleans

    @Nested
    class Booleans {

        @Test
        void enabledFilter() {
            assertThat(pg(Map.of(UserModel.ENABLED, "true"))).isEqualTo(new SqlCondition("enabled = ?", List.of(true)));
            assertThat(pg(Map.of(UserModel.ENABLED, "false")))
                    .isEqualTo(new SqlCondition("enabled = ?", List.of(false)));
            assertThat(maria(Map.of(UserModel.ENABLED, " TRUE ")))
                    .isEqualTo(new SqlCondition("enabled = ?", List.of(true)));
        }

        @Test
        void emailVerifiedFilter() {
            assertThat(pg(Map.of(UserModel.EMAIL_VERIFIED, "true")))
                    .isEqualTo(new SqlCondition("email_verified = ?", List.of(true)));
            assertThat(maria(Map.of(UserModel.EMAIL_VERIFIED, "false")))
                    .isEqualTo(new SqlCondition("email_verified = ?", List.of(false)));
        }

        @Test
        void booleanParametersAreBooleans() {
            assertThat(pg(Map.of(UserModel.ENABLED, "true")).parameters().get(0))
                    .isInstanceOf(Boolean.class);
            // anything but "true" is false
            assertThat(pg(Map.of(UserModel.ENABLED, "yes")).parameters()).containsExactly(false);
        }

        @Test
        void unmappedEnabledMeansEveryoneIsEnabled() {
            assertThat(condition(Dialect.POSTGRESQL, MINIMAL, Map.of(UserModel.ENABLED, "true")))
                    .isEqualTo(SqlCondition.ALWAYS);
            assertThat(condition(Dialect.POSTGRESQL, MINIMAL, Map.of(UserModel.ENABLED, "false")))
                    .isEqualTo(SqlCondition.NEVER);
            assertThat(condition(Dialect.MARIADB, MINIMAL, Map.of(UserModel.ENABLED, "true"))
                            .sql())
                    .isEqualTo("1=1");
            assertThat(condition(Dialect.MARIADB, MINIMAL, Map.of(UserModel.ENABLED, "false"))
                            .sql())
                    .isEqualTo("1=0");
        }

        @Test
        void unmappedEmailVerifiedMeansNoEmailIsVerified() {
            assertThat(condition(Dialect.POSTGRESQL, MINIMAL, Map.of(UserModel.EMAIL_VERIFIED, "false")))
                    .isEqualTo(SqlCondition.ALWAYS);
            assertThat(condition(Dialect.POSTGRESQL, MINIMAL, Map.of(UserModel.EMAIL_VERIFIED, "true")))
                    .isEqualTo(SqlCondition.NEVER);
        }
    }

    // ------------------------------------------------------------------------------------------ app_user_id

    @Nested
    class AppUserId {

        @Test
        void equalityOnTheIdColumnThroughTheIdFunction() {
            SqlCondition c = pg(Map.of(UserSearchCriteria.APP_USER_ID, " 6f1c2a4e-0001 "));
            assertThat(c.sql()).isEqualTo("id = ?");
            assertThat(c.parameters()).containsExactly("6f1c2a4e-0001");

            SqlCondition m = condition(Dialect.MARIADB, MINIMAL, Map.of(UserSearchCriteria.APP_USER_ID, "X"));
            assertThat(m.sql()).isEqualTo("uid = ?");
            // ids are not lower-cased
            assertThat(m.parameters()).containsExactly("X");
        }

        @Test
        void idFunctionDecidesTheBoundValue() {
            UserSearchCriteria numeric =
                    new UserSearchCriteria(FULL, Dialect.POSTGRESQL, IdColumnType.WHOLE_NUMBER::toParameter);
            SqlCondition c = numeric.toCondition(Map.of(UserSearchCriteria.APP_USER_ID, "42"));
            assertThat(c.sql()).isEqualTo("id = ?");
            assertThat(c.parameters()).containsExactly(42L);

            UserSearchCriteria uuid =
                    new UserSearchCriteria(FULL, Dialect.POSTGRESQL, IdColumnType.UUID_VALUE::toParameter);
            assertThat(uuid.toCondition(Map.of(UserSearchCriteria.APP_USER_ID, "6f1c2a4e-0001-4000-8000-000000000001"))
                            .parameters())
                    .containsExactly(java.util.UUID.fromString("6f1c2a4e-0001-4000-8000-000000000001"));
        }

        @Test
        void theIdFunctionReceivesTheTrimmedValue() {
            List<String> seen = new java.util.ArrayList<>();
            UserSearchCriteria criteria = new UserSearchCriteria(FULL, Dialect.H2, id -> {
                seen.add(id);
                return Optional.of(id);
            });
            criteria.toCondition(Map.of(UserSearchCriteria.APP_USER_ID, "  abc \t"));
            assertThat(seen).containsExactly("abc");
        }

        @Test
        void unparsableIdMatchesNoOne() {
            UserSearchCriteria numeric =
                    new UserSearchCriteria(FULL, Dialect.POSTGRESQL, IdColumnType.WHOLE_NUMBER::toParameter);
            SqlCondition c = numeric.toCondition(Map.of(UserSearchCriteria.APP_USER_ID, "abc"));
            assertThat(c).isEqualTo(SqlCondition.NEVER);
            assertThat(c.parameters()).isEmpty();
            assertThat(pg(Map.of(UserSearchCriteria.APP_USER_ID, "   "))).isEqualTo(SqlCondition.NEVER);
        }
    }

    // ------------------------------------------------------------------------------------------ other keys

    /** Keys Keycloak 26.7 added (UserModel.ID, UserModel.CREATED_AFTER; the 26.4 API compiled against has neither). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "department",
                "app_user",
                "APP_USER_ID",
                UserModel.IDP_ALIAS,
                UserModel.IDP_USER_ID,
                UserModel.GROUPS,
                "id",
                "keycloak.session.realm.users.query.created_after"
            })
    void unknownKeysMatchNoOne(String key) {
        SqlCondition c = pg(Map.of(key, "x"));
        assertThat(c).isEqualTo(SqlCondition.NEVER);
        assertThat(c.parameters()).isEmpty();
    }

    @Test
    void anUnknownKeyAmongOthersStillMatchesNoOne() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(UserModel.USERNAME, "ali");
        params.put("department", "sales");
        SqlCondition c = pg(params);
        assertThat(c).isEqualTo(SqlCondition.NEVER);
        assertThat(c.parameters()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ combinations

    @Test
    void filtersAreAndedWithTheirParametersInOrder() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(UserModel.SEARCH, "al");
        params.put(UserModel.ENABLED, "true");
        params.put(UserModel.EMAIL, "example");
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "true");
        params.put(UserSearchCriteria.APP_USER_ID, "7");
        params.put(UserModel.EMAIL_VERIFIED, "false");

        SqlCondition c = pg(params);
        assertThat(c.sql())
                .isEqualTo("(" + pgSearchOr(LIKE) + ") AND enabled = ? AND LOWER(email) LIKE ? ESCAPE '!'"
                        + " AND id = ? AND email_verified = ?");
        assertThat(c.parameters()).containsExactly("al%", "al%", "al%", "al%", true, "%example%", "7", false);
        // every ? has exactly one parameter
        assertThat(c.sql().chars().filter(ch -> ch == '?').count())
                .isEqualTo(c.parameters().size());
    }

    @Test
    void unmappedBooleanAmongOthersContributesAConstant() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(UserModel.USERNAME, "a");
        params.put(UserModel.ENABLED, "true");
        SqlCondition c = condition(Dialect.MARIADB, MINIMAL, params);
        assertThat(c.sql()).isEqualTo("login LIKE ? ESCAPE '!' AND 1=1");
        assertThat(c.parameters()).containsExactly("%a%");
    }

    // ------------------------------------------------------------------------------------------ escapeLike

    @Test
    void escapeLike() {
        assertThat(UserSearchCriteria.escapeLike("plain")).isEqualTo("plain");
        assertThat(UserSearchCriteria.escapeLike("%")).isEqualTo("!%");
        assertThat(UserSearchCriteria.escapeLike("_")).isEqualTo("!_");
        assertThat(UserSearchCriteria.escapeLike("!")).isEqualTo("!!");
        assertThat(UserSearchCriteria.escapeLike("!%_")).isEqualTo("!!!%!_");
        assertThat(UserSearchCriteria.escapeLike("*")).isEqualTo("*");
        assertThat(UserSearchCriteria.escapeLike("")).isEmpty();
    }

    @Test
    void booleanFiltersAreBoundAsTheColumnStoresThem() {
        UserSearchCriteria integerFlags =
                new UserSearchCriteria(FULL, Dialect.POSTGRESQL, TEXT_IDS, (column, value) -> value ? 1 : 0);
        SqlCondition enabled = integerFlags.toCondition(Map.of(UserModel.ENABLED, "false"));
        assertThat(enabled.sql()).isEqualTo("enabled = ?");
        assertThat(enabled.parameters()).containsExactly(0);
        SqlCondition verified = integerFlags.toCondition(Map.of(UserModel.EMAIL_VERIFIED, "true"));
        assertThat(verified.parameters()).containsExactly(1);
    }
}
