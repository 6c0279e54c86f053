package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.AttributeColumn;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.UserModel;

/**
 * The SQL of attribute columns, per dialect: read with the rest of the row, and found by one equality on the column
 * with the value as a bind parameter (Keycloak's admin search {@code q=phone_number:...} and the SPI's exact attribute
 * search both end here). No database involved.
 */
class AttributeColumnSearchTest {

    static final TableMapping MAPPING = UserSearchCriteriaTest.FULL.withAttributes(new AttributeColumns(List.of(
            new AttributeColumn("phone_number", "phone"),
            new AttributeColumn("age", "age_years"),
            new AttributeColumn("score", "score"),
            new AttributeColumn("vip", "vip"),
            new AttributeColumn("birthday", "born_on"),
            new AttributeColumn("tenant", "tenant_id"),
            new AttributeColumn("last_seen", "last_seen"))));

    static final Map<String, AttributeColumnType> TYPES = Map.of(
            "phone", AttributeColumnType.TEXT,
            "age_years", AttributeColumnType.WHOLE_NUMBER,
            "score", AttributeColumnType.DECIMAL,
            "vip", AttributeColumnType.BOOLEAN,
            "born_on", AttributeColumnType.DATE,
            "tenant_id", AttributeColumnType.UUID_VALUE,
            "last_seen", AttributeColumnType.UNSUPPORTED);

    private static SqlCondition condition(Dialect dialect, Map<String, String> params) {
        return new UserSearchCriteria(
                        MAPPING, dialect, UserSearchCriteriaTest.TEXT_IDS, (column, value) -> value, TYPES::get)
                .toCondition(params);
    }

    @Test
    void theColumnsAreSelectedWithTheRow() {
        UserSql sql = new UserSql(MAPPING, Dialect.POSTGRESQL);

        assertThat(sql.selectedColumns())
                .endsWith("phone", "age_years", "score", "vip", "born_on", "tenant_id", "last_seen")
                .doesNotContain("password_hash");
        assertThat(sql.selectById())
                .isEqualTo(
                        "SELECT id, username, email, email_verified, first_name, last_name, enabled, auth_id, "
                                + "created_at, phone, age_years, score, vip, born_on, tenant_id, last_seen FROM users WHERE id = ?");
    }

    /**
     * Text compares ignoring case as lookups do: {@code LOWER(column)} on PostgreSQL and H2 (index {@code lower(phone)}),
     * the plain column on MariaDB and MySQL, whose collations ignore case (index {@code phone}).
     */
    @ParameterizedTest
    @CsvSource({"POSTGRESQL, LOWER(phone) = ?", "H2, LOWER(phone) = ?", "MARIADB, phone = ?", "MYSQL, phone = ?"})
    void textComparesIgnoringCase(Dialect dialect, String sql) {
        SqlCondition c = condition(dialect, Map.of("phone_number", "+49 30 ABC"));

        assertThat(c.sql()).isEqualTo(sql);
        assertThat(c.parameters()).containsExactly("+49 30 abc");
    }

    @Test
    void otherTypesCompareTheParsedValue() {
        assertThat(condition(Dialect.POSTGRESQL, Map.of("age", "42")))
                .isEqualTo(new SqlCondition("age_years = ?", List.of(42L)));
        assertThat(condition(Dialect.POSTGRESQL, Map.of("score", "4.50")))
                .isEqualTo(new SqlCondition("score = ?", List.of(new BigDecimal("4.50"))));
        assertThat(condition(Dialect.MARIADB, Map.of("vip", "TRUE")))
                .isEqualTo(new SqlCondition("vip = ?", List.of(true)));
        assertThat(condition(Dialect.H2, Map.of("birthday", "1990-02-28")))
                .isEqualTo(new SqlCondition("born_on = ?", List.of(LocalDate.of(1990, 2, 28))));
        UUID tenant = UUID.randomUUID();
        assertThat(condition(Dialect.POSTGRESQL, Map.of("tenant", tenant.toString())))
                .isEqualTo(new SqlCondition("tenant_id = ?", List.of(tenant)));
    }

    @Test
    void aValueTheColumnCannotHoldMatchesNobody() {
        assertThat(condition(Dialect.POSTGRESQL, Map.of("age", "forty"))).isSameAs(SqlCondition.NEVER);
        assertThat(condition(Dialect.POSTGRESQL, Map.of("vip", "yes"))).isSameAs(SqlCondition.NEVER);
        assertThat(condition(Dialect.POSTGRESQL, Map.of("birthday", "28.02.1990")))
                .isSameAs(SqlCondition.NEVER);
        assertThat(condition(Dialect.POSTGRESQL, Map.of("tenant", "not-a-uuid")))
                .isSameAs(SqlCondition.NEVER);
        assertThat(condition(Dialect.POSTGRESQL, Map.of("last_seen", "2024-01-01")))
                .as("an unsupported column is never searched")
                .isSameAs(SqlCondition.NEVER);
    }

    @Test
    void anAttributeThatIsNoColumnMatchesNobodyHere() {
        assertThat(condition(Dialect.POSTGRESQL, Map.of("department", "sales"))).isSameAs(SqlCondition.NEVER);
        assertThat(condition(Dialect.POSTGRESQL, Map.of("Phone_Number", "1"))).isSameAs(SqlCondition.NEVER);
    }

    @Test
    void itCombinesWithTheOtherFilters() {
        SqlCondition c = condition(
                Dialect.POSTGRESQL, Map.of("phone_number", "123", UserModel.ENABLED, "true", UserModel.EXACT, "false"));

        assertThat(c.sql()).contains("LOWER(phone) = ?").contains("enabled = ?").contains(" AND ");
        assertThat(c.parameters()).containsExactlyInAnyOrder("123", true);
    }

    @Test
    void theExactSearchOfTheSpiNarrowsByTheColumnAndComparesExactly() {
        ExactAttribute exact = ExactAttribute.of("phone_number", "+49 30 ABC", MAPPING.attributes())
                .orElseThrow();

        assertThat(condition(Dialect.POSTGRESQL, exact.searchParameters()))
                .isEqualTo(new SqlCondition("LOWER(phone) = ?", List.of("+49 30 abc")));
        assertThat(exact.matches(row(Map.of("phone_number", "+49 30 ABC")))).isTrue();
        assertThat(exact.matches(row(Map.of("phone_number", "+49 30 abc")))).isFalse();
        assertThat(exact.matches(row(Map.of()))).isFalse();
        assertThat(ExactAttribute.of("phone_number", "1", AttributeColumns.NONE))
                .isEmpty();
        assertThat(ExactAttribute.of("phone_number", null, MAPPING.attributes()))
                .isEmpty();
        assertThat(ExactAttribute.of(UserModel.USERNAME, "alice", MAPPING.attributes()))
                .as("the profile properties keep their own comparison")
                .hasValueSatisfying(a -> assertThat(a.ignoreCase()).isTrue());
    }

    private static dev.identitybridge.keycloak.users.AppRow row(Map<String, String> attributes) {
        return new dev.identitybridge.keycloak.users.AppRow(
                "1", "alice", null, null, null, null, true, null, null, attributes);
    }
}
