package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.DeleteAction;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.IdColumnType;
import dev.identitybridge.keycloak.users.jdbc.SqlStatement;
import dev.identitybridge.keycloak.users.jdbc.TableShape;
import dev.identitybridge.keycloak.users.jdbc.UserSql;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL written for created, changed and removed users, with values in the form each column type takes. */
class RowStatementsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final TableMapping MAPPING = ExternalUsersConfig.parse(
                    Map.of(ConfigKeys.JDBC_URL, List.of("jdbc:h2:mem:x")))
            .mapping();
    /** The reference schema, except that enabled is an INTEGER flag and updated_at holds epoch milliseconds. */
    private static final TableShape SHAPE = new TableShape(
            IdColumnType.TEXT,
            Map.ofEntries(
                    Map.entry("id", text()),
                    Map.entry("username", text()),
                    Map.entry("email", text()),
                    Map.entry("email_verified", new TableShape.Column(Types.BOOLEAN, "BOOLEAN", false, false)),
                    Map.entry("first_name", text()),
                    Map.entry("last_name", text()),
                    Map.entry("enabled", new TableShape.Column(Types.INTEGER, "INTEGER", false, false)),
                    Map.entry("password_hash", text()),
                    Map.entry("auth_id", text()),
                    Map.entry("created_at", new TableShape.Column(Types.TIMESTAMP, "TIMESTAMP", true, false)),
                    Map.entry("updated_at", new TableShape.Column(Types.BIGINT, "BIGINT", true, false))));

    private final RowStatements statements =
            new RowStatements(new UserSql(MAPPING, Dialect.POSTGRESQL), SHAPE, MAPPING, id -> "f:component:" + id);

    private static TableShape.Column text() {
        return new TableShape.Column(Types.VARCHAR, "VARCHAR", true, false);
    }

    @Test
    void aCreatedUserIsOneInsertWithEverythingSetAndNoNulls() {
        AppRowInRequest row = AppRowInRequest.created("u-1", "newbie", NOW.toEpochMilli());
        row.set(ProfileField.EMAIL, " New.Bie@Example.ORG ");
        row.set(ProfileField.FIRST_NAME, "New");
        row.set(ProfileField.LAST_NAME, "  ");
        row.setPasswordHash("$argon2id$hash");

        SqlStatement insert = statements.insert(row, NOW);

        assertThat(insert.sql())
                .isEqualTo("INSERT INTO users (id, username, email, first_name, email_verified, enabled, "
                        + "password_hash, auth_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        assertThat(insert.parameters())
                .containsExactly(
                        "u-1",
                        "newbie",
                        "new.bie@example.org",
                        "New",
                        false,
                        1,
                        "$argon2id$hash",
                        "f:component:u-1",
                        LocalDateTime.of(2026, 11, 22, 10, 15, 30),
                        NOW.toEpochMilli());
        assertThat(insert.expectedRows()).isEqualTo(1);
    }

    @Test
    void changesOfAnExistingUserAreOneUpdateWithUpdatedAt() {
        AppRowInRequest row = AppRowInRequest.stored(
                new AppRow("u-2", "dave", "dave@example.com", true, "Dave", "Davis", true, null, 0L, Map.of()));
        assertThat(statements.update(row, NOW)).isEmpty();
        row.set(ProfileField.FIRST_NAME, "Dave"); // unchanged: not written
        row.set(ProfileField.LAST_NAME, "Writable");
        row.set(ProfileField.ENABLED, false);
        row.set(ProfileField.EMAIL, "DAVID@example.com");

        SqlStatement update = statements.update(row, NOW).orElseThrow();

        assertThat(update.sql())
                .isEqualTo("UPDATE users SET email = ?, last_name = ?, enabled = ?, updated_at = ? WHERE id = ?");
        assertThat(update.parameters()).containsExactly("david@example.com", "Writable", 0, NOW.toEpochMilli(), "u-2");
    }

    @Test
    void aClearedPasswordIsWrittenAsNull() {
        AppRowInRequest row =
                AppRowInRequest.stored(new AppRow("u-3", "erin", null, null, null, null, true, null, null, Map.of()));
        row.setPasswordHash(null);
        SqlStatement update = statements.update(row, NOW).orElseThrow();
        assertThat(update.sql()).isEqualTo("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
        assertThat(update.parameters()).containsExactly(null, NOW.toEpochMilli(), "u-3");
    }

    @Test
    void removalDeletesOrDisables() {
        AppRowInRequest row =
                AppRowInRequest.stored(new AppRow("u-4", "frank", null, null, null, null, true, null, null, Map.of()));
        assertThat(statements.remove(row, DeleteAction.DELETE, NOW).sql()).isEqualTo("DELETE FROM users WHERE id = ?");
        SqlStatement disable = statements.remove(row, DeleteAction.DISABLE, NOW);
        assertThat(disable.sql()).isEqualTo("UPDATE users SET enabled = ?, updated_at = ? WHERE id = ?");
        assertThat(disable.parameters()).containsExactly(0, NOW.toEpochMilli(), "u-4");
    }

    @Test
    void generatedIdsAreInsertedFirstAndCompletedLater() {
        SqlStatement first = statements.insertForGeneratedId("gen", NOW);
        assertThat(first.sql())
                .isEqualTo("INSERT INTO users (username, enabled, email_verified, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)");
        assertThat(first.parameters())
                .containsExactly("gen", 1, false, LocalDateTime.of(2026, 11, 22, 10, 15, 30), NOW.toEpochMilli());

        AppRowInRequest row = AppRowInRequest.created("42", "gen", NOW.toEpochMilli());
        row.set(ProfileField.EMAIL, "gen@example.org");
        SqlStatement rest = statements.completeGenerated(row, NOW).orElseThrow();
        assertThat(rest.sql())
                .isEqualTo("UPDATE users SET username = ?, email = ?, email_verified = ?, enabled = ?, "
                        + "auth_id = ?, updated_at = ? WHERE id = ?");
        assertThat(rest.parameters())
                .containsExactly("gen", "gen@example.org", false, 1, "f:component:42", NOW.toEpochMilli(), "42");
    }

    @Test
    void guardedSingleRowUpdates() {
        UserSql sql = new UserSql(MAPPING, Dialect.MARIADB);
        assertThat(sql.linkAuthId())
                .isEqualTo("UPDATE users SET auth_id = ?, updated_at = ? WHERE id = ? AND auth_id IS NULL");
        assertThat(sql.replacePasswordHash())
                .isEqualTo("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?");
        assertThat(sql.selectCredential()).isEqualTo("SELECT password_hash, enabled, auth_id FROM users WHERE id = ?");
    }
}
