package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelDuplicateException;

/** Lookups by auth id, guarded links and resumable paging over unlinked users, on real H2. */
class AuthIdLinksH2Test {

    static Connection keepAlive;
    static AppUserRepository repository;

    @BeforeAll
    static void createTable() throws SQLException {
        String url = "jdbc:h2:mem:links-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        keepAlive = dataSource.getConnection();
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, username VARCHAR(50), auth_id VARCHAR(100))");
            for (int i = 1; i <= 25; i++) {
                s.execute("INSERT INTO accounts VALUES (" + i + ", 'u" + i + "', "
                        + (i % 5 == 0 ? "'linked-" + i + "'" : "NULL") + ")");
            }
            s.execute("INSERT INTO accounts VALUES (100, 'dup-a', 'same'), (101, 'dup-b', 'same')");
        }
        repository = new AppUserRepository(
                dataSource, idUsernameAuthId(url, "accounts"), Dialect.H2, new AvailabilityGuard());
    }

    /** The mapping of a table with only id, username and auth id columns. */
    static TableMapping idUsernameAuthId(String url, String table) {
        Map<String, List<String>> config = new java.util.HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(url));
        config.put(ConfigKeys.TABLE, List.of(table));
        for (String key : List.of(
                ConfigKeys.COLUMN_EMAIL,
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                ConfigKeys.COLUMN_FIRST_NAME,
                ConfigKeys.COLUMN_LAST_NAME,
                ConfigKeys.COLUMN_ENABLED,
                ConfigKeys.COLUMN_PASSWORD_HASH,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            config.put(key, List.of(ExternalUsersConfig.NOT_MAPPED));
        }
        return ExternalUsersConfig.parse(config).mapping();
    }

    @AfterAll
    static void close() throws SQLException {
        keepAlive.close();
    }

    @Test
    void findsByAuthIdAndRefusesAmbiguity() {
        assertThat(repository.findByAuthId("linked-10")).map(AppRow::username).contains("u10");
        assertThat(repository.findByAuthId("nobody")).isEmpty();
        assertThatThrownBy(() -> repository.findByAuthId("same")).isInstanceOf(ModelDuplicateException.class);
    }

    @Test
    void unlinkedUsersArePagedByIdWithoutRepeats() {
        List<String> seen = new ArrayList<>();
        String after;
        for (List<AppRow> page = repository.findUnlinked(null, 7);
                !page.isEmpty();
                page = repository.findUnlinked(after, 7)) {
            page.forEach(u -> seen.add(u.id()));
            after = page.get(page.size() - 1).id();
            // linking a user of this page must not make the next page skip or repeat anyone
            repository.linkAuthId(page.get(0).id(), "batch-" + page.get(0).id(), Instant.now());
        }
        assertThat(seen).hasSize(20).doesNotHaveDuplicates();
        assertThat(seen).doesNotContain("5", "10", "15", "20", "25", "100", "101");
        assertThat(seen.stream().map(Long::parseLong).toList()).isSorted();
    }

    @Test
    void aLinkNeverOverwritesAnExistingValue() {
        assertThat(repository.linkAuthId("5", "someone-else", Instant.now())).isFalse();
        assertThat(repository.findById("5")).map(AppRow::authId).contains("linked-5");
        assertThat(repository.linkAuthId("999", "ghost", Instant.now()))
                .as("no such user")
                .isFalse();
    }
}
