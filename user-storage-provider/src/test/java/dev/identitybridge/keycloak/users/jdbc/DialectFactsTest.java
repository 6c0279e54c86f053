package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/** The vendor facts of each dialect: error codes, DDL types, index expressions, metadata lookup. */
class DialectFactsTest {

    @Test
    void postgresql() {
        Dialect d = Dialect.POSTGRESQL;
        assertThat(d.errorCodes().uniqueViolation(new SQLException("duplicate key", "23505")))
                .isTrue();
        assertThat(d.errorCodes().missingTable(new SQLException("relation does not exist", "42P01")))
                .isTrue();
        assertThat(d.errorCodes().missingTable(new SQLException("schema does not exist", "3F000")))
                .isTrue();
        assertThat(d.errorCodes().syntaxError(new SQLException("syntax error", "42601")))
                .isTrue();
        assertThat(d.errorCodes().connectionLossStates()).containsExactlyInAnyOrder("57P01", "57P03", "53300");
        assertThat(d.timestampType()).isEqualTo("TIMESTAMP");
        assertThat(d.caseInsensitiveIndex("email")).isEqualTo("lower(email)");
        assertThat(d.indexMetadataByCatalog()).isFalse();
    }

    @Test
    void mariadbAndMysql() {
        for (Dialect d : new Dialect[] {Dialect.MARIADB, Dialect.MYSQL}) {
            assertThat(d.errorCodes()
                            .uniqueViolation(
                                    new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062)))
                    .as(d.name())
                    .isTrue();
            assertThat(d.errorCodes().uniqueViolation(new SQLException("other constraint", "23000", 1452)))
                    .as(d.name())
                    .isFalse();
            assertThat(d.errorCodes().missingTable(new SQLException("Table doesn't exist", "42S02", 1146)))
                    .as(d.name())
                    .isTrue();
            assertThat(d.errorCodes().missingTable(new SQLException("no state", null, 1146)))
                    .as(d.name())
                    .isTrue();
            assertThat(d.errorCodes().syntaxError(new SQLException("syntax", "42000", 1064)))
                    .as(d.name())
                    .isTrue();
            assertThat(d.errorCodes().connectionLossStates()).as(d.name()).isEmpty();
            assertThat(d.timestampType()).as(d.name()).isEqualTo("DATETIME(3)");
            assertThat(d.caseInsensitiveIndex("email")).as(d.name()).isEqualTo("email");
            assertThat(d.indexMetadataByCatalog()).as(d.name()).isTrue();
        }
    }

    @Test
    void h2() {
        Dialect d = Dialect.H2;
        assertThat(d.errorCodes().uniqueViolation(new SQLException("Unique index violation", "23505", 23505)))
                .isTrue();
        assertThat(d.errorCodes().missingTable(new SQLException("Table not found", "42S02", 42102)))
                .isTrue();
        assertThat(d.errorCodes().missingTable(new SQLException("Table not found (empty database)", "42S04", 42104)))
                .isTrue();
        assertThat(d.errorCodes().missingTable(new SQLException("Schema not found", "90079", 90079)))
                .isTrue();
        assertThat(d.errorCodes().syntaxError(new SQLException("Syntax error", "42001", 42001)))
                .isTrue();
        assertThat(d.errorCodes().connectionLossStates()).containsExactlyInAnyOrder("90028", "90031", "90067");
        assertThat(d.timestampType()).isEqualTo("TIMESTAMP");
        assertThat(d.caseInsensitiveIndex("email")).isEqualTo("email");
        assertThat(d.indexMetadataByCatalog()).isFalse();
    }

    @Test
    void classificationAsksEveryVendor() {
        assertThat(Dialect.isUniqueViolation(
                        new SQLException("wrapped", "HY000", 0, new SQLException("Duplicate entry", "23000", 1062))))
                .isTrue();
        assertThat(Dialect.isUniqueViolation(new SQLException("not null", "23502")))
                .isFalse();
        assertThat(Dialect.isMissingTable(new SQLException("Table doesn't exist", "42S02")))
                .isTrue();
        assertThat(Dialect.isMissingTable(new SQLException("syntax", "42601"))).isFalse();
        assertThat(Dialect.isSyntaxError(new SQLException("syntax", "42601"))).isTrue();
        assertThat(Dialect.isConnectionLossState("57P01")).isTrue();
        assertThat(Dialect.isConnectionLossState("90067")).isTrue();
        assertThat(Dialect.isConnectionLossState("23505")).isFalse();
        assertThat(Dialect.isConnectionLossState(null)).isFalse();
        assertThat(Dialect.supportedDatabases()).isEqualTo("PostgreSQL, MariaDB, MySQL or H2");
    }
}
