package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DialectTest {

    @ParameterizedTest
    @CsvSource({
        "jdbc:postgresql://localhost:5432/app, POSTGRESQL",
        "jdbc:postgresql:app, POSTGRESQL",
        "jdbc:mariadb://localhost:3306/app, MARIADB",
        "jdbc:mysql://localhost:3306/app?useSSL=false, MYSQL",
        "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1, H2",
        "jdbc:h2:file:/tmp/app, H2",
        "JDBC:POSTGRESQL://localhost/app, POSTGRESQL",
        "Jdbc:MariaDB://localhost/app, MARIADB",
        "JDBC:MySQL://localhost/app, MYSQL",
        "JDBC:H2:mem:x, H2"
    })
    void fromJdbcUrl(String url, Dialect expected) {
        assertThat(Dialect.fromJdbcUrl(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "jdbc:oracle:thin:@localhost:1521:xe",
                "jdbc:sqlserver://localhost",
                "jdbc:sqlite:app.db",
                "postgresql://localhost/app",
                "jdbc:postgres://localhost/app",
                "jdbc:h2",
                "jdbc:mysq:",
                " jdbc:h2:mem:x"
            })
    void unsupportedUrlIsRejected(String url) {
        assertThatThrownBy(() -> Dialect.fromJdbcUrl(url))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Unsupported JDBC URL");
    }

    @Test
    void driverClassNames() {
        assertThat(Dialect.POSTGRESQL.driverClassName()).isEqualTo("org.postgresql.Driver");
        assertThat(Dialect.MARIADB.driverClassName()).isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(Dialect.MYSQL.driverClassName()).isEqualTo("com.mysql.cj.jdbc.Driver");
        assertThat(Dialect.H2.driverClassName()).isEqualTo("org.h2.Driver");
    }

    @Test
    void caseInsensitiveComparisonLowersTheColumnOnlyWherePossibleWithAnIndex() {
        assertThat(Dialect.POSTGRESQL.caseInsensitive("username")).isEqualTo("LOWER(username)");
        assertThat(Dialect.H2.caseInsensitive("username")).isEqualTo("LOWER(username)");
        assertThat(Dialect.MARIADB.caseInsensitive("username")).isEqualTo("username");
        assertThat(Dialect.MYSQL.caseInsensitive("username")).isEqualTo("username");
    }

    @Test
    void pagingAndLikeEscapeAreTheSameEverywhere() {
        for (Dialect d : Dialect.values()) {
            assertThat(d.paging()).isEqualTo(" LIMIT ? OFFSET ?");
            assertThat(d.likeEscapeClause()).isEqualTo(" ESCAPE '!'");
        }
        assertThat(Dialect.LIKE_ESCAPE).isEqualTo('!');
    }

    @Test
    void timeoutsUseEachDriversPropertyNamesAndUnits() {
        java.time.Duration five = java.time.Duration.ofMillis(5000);
        // pgjdbc: seconds; MariaDB Connector/J and MySQL Connector/J: milliseconds; H2 (server URLs): NETWORK_TIMEOUT
        // in ms
        assertThat(Dialect.POSTGRESQL.connectTimeoutProperties(five))
                .containsEntry("connectTimeout", "5")
                .containsEntry("loginTimeout", "5");
        assertThat(Dialect.POSTGRESQL.socketTimeoutProperties(java.time.Duration.ofSeconds(15)))
                .containsExactly(java.util.Map.entry("socketTimeout", "15"));
        assertThat(Dialect.MARIADB.socketTimeoutProperties(java.time.Duration.ofSeconds(15)))
                .containsExactly(java.util.Map.entry("socketTimeout", "15000"));
        assertThat(Dialect.MYSQL.socketTimeoutProperties(java.time.Duration.ofSeconds(15)))
                .containsExactly(java.util.Map.entry("socketTimeout", "15000"));
        assertThat(Dialect.H2.socketTimeoutProperties(java.time.Duration.ofSeconds(15)))
                .containsExactly(java.util.Map.entry("NETWORK_TIMEOUT", "15000"));
    }

    @Test
    void socketTimeoutIsTheAcquisitionTimeoutAndAtLeastOneSecond() {
        assertThat(PooledDataSources.socketTimeout(settings(5000))).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(PooledDataSources.socketTimeout(settings(200))).isEqualTo(java.time.Duration.ofSeconds(1));
    }

    private static dev.identitybridge.keycloak.users.config.ConnectionSettings settings(long acquisitionMs) {
        return new dev.identitybridge.keycloak.users.config.ConnectionSettings(
                "jdbc:postgresql://db/app", "app", null, 1, 2, java.time.Duration.ofMillis(acquisitionMs));
    }
}
