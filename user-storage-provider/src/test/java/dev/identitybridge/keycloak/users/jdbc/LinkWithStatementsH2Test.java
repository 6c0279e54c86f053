package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.AppRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;

/** A link and the statements that go with it (the backfill's audit row) commit together or not at all, on real H2. */
class LinkWithStatementsH2Test {

    private Connection keepAlive;
    private AppUserRepository repository;

    @BeforeEach
    void createTables() throws SQLException {
        String url = "jdbc:h2:mem:link-audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        keepAlive = dataSource.getConnection();
        try (Statement s = keepAlive.createStatement()) {
            s.execute(
                    "CREATE TABLE people (id VARCHAR(36) PRIMARY KEY, username VARCHAR(50), auth_id VARCHAR(100) UNIQUE)");
            s.execute("CREATE TABLE audit (app_user_id VARCHAR(36) NOT NULL, auth_id VARCHAR(100))");
            s.execute("INSERT INTO people VALUES ('a', 'a', NULL), ('b', 'b', 'subject-b'), ('c', 'c', NULL)");
        }
        repository = new AppUserRepository(
                dataSource, AuthIdLinksH2Test.idUsernameAuthId(url, "people"), Dialect.H2, new AvailabilityGuard());
    }

    @AfterEach
    void close() throws SQLException {
        keepAlive.close();
    }

    @Test
    void theLinkAndItsStatementsCommitTogether() throws SQLException {
        assertThat(repository.linkAuthId("a", "subject-a", Instant.now(), List.of(audit("a", "subject-a"))))
                .isTrue();
        assertThat(repository.findById("a")).map(AppRow::authId).contains("subject-a");
        assertThat(auditRows()).isEqualTo(1);
    }

    @Test
    void aSubjectHeldByAnotherRowIsADuplicateAndNothingIsWritten() throws SQLException {
        assertThatThrownBy(
                        () -> repository.linkAuthId("a", "subject-b", Instant.now(), List.of(audit("a", "subject-b"))))
                .isInstanceOf(ModelDuplicateException.class);
        assertThat(repository.findById("a")).map(AppRow::authId).isEmpty();
        assertThat(auditRows()).isZero();
    }

    @Test
    void anAlreadyLinkedRowIsNotOverwrittenAndItsStatementsDoNotRun() throws SQLException {
        assertThat(repository.linkAuthId("b", "subject-x", Instant.now(), List.of(audit("b", "subject-x"))))
                .isFalse();
        assertThat(repository.findById("b")).map(AppRow::authId).contains("subject-b");
        assertThat(auditRows()).isZero();
    }

    @Test
    void aFailingStatementRollsTheLinkBack() throws SQLException {
        SqlStatement broken = new SqlStatement(
                "INSERT INTO audit (app_user_id, auth_id) VALUES (?, ?)",
                java.util.Arrays.asList(null, "subject-c"),
                1);
        assertThatThrownBy(() -> repository.linkAuthId("c", "subject-c", Instant.now(), List.of(broken)))
                .isInstanceOf(ModelException.class);
        assertThat(repository.findById("c")).map(AppRow::authId).isEmpty();
        assertThat(auditRows()).isZero();
    }

    private static SqlStatement audit(String appUserId, String authId) {
        return new SqlStatement(
                "INSERT INTO audit (app_user_id, auth_id) VALUES (?, ?)", List.of(appUserId, authId), 1);
    }

    private int auditRows() throws SQLException {
        try (Statement s = keepAlive.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
