package dev.identitybridge.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.MariaDbAppDatabase;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.UniqueIndexes;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The unique-index check of WRITABLE components against MariaDB's metadata (the bundle's class, no Keycloak needed). */
@Tag("mariadb")
class MariaDbUniqueIndexesIT {

    @Test
    void findsMissingIndexesAndItsStatementsCreateThem() throws Exception {
        MariaDbAppDatabase db = new MariaDbAppDatabase("h8_unique_indexes");
        db.recreate();
        db.applyReferenceSchema();
        db.execute(
                "CREATE TABLE bare_users (id VARCHAR(64) PRIMARY KEY, tenant VARCHAR(10), username VARCHAR(255) NOT NULL, "
                        + "email VARCHAR(255), auth_id VARCHAR(255))",
                "CREATE UNIQUE INDEX ux_tenant_username ON bare_users (tenant, username)",
                "CREATE INDEX ix_email ON bare_users (email)",
                "CREATE VIEW users_view AS SELECT * FROM bare_users");
        try (Connection c = db.connect()) {
            assertThat(missing(c, mapping("users"))).as("the reference schema").isEmpty();
            assertThat(missing(c, mapping(db.schema() + ".users")))
                    .as("qualified by database")
                    .isEmpty();
            assertThat(missing(c, mapping("users_view")))
                    .as("a view is not judged")
                    .isEmpty();
            List<UniqueIndexes.Missing> missing = UniqueIndexes.missing(c, mapping("bare_users"), Dialect.MARIADB);
            assertThat(missing)
                    .extracting(UniqueIndexes.Missing::column)
                    .containsExactly("username", "email", "auth_id");
            db.execute(
                    missing.stream().map(UniqueIndexes.Missing::createStatement).toArray(String[]::new));
            assertThat(missing(c, mapping("bare_users"))).isEmpty();
        }
    }

    private static List<String> missing(Connection c, TableMapping mapping) throws Exception {
        return UniqueIndexes.missing(c, mapping, Dialect.MARIADB).stream()
                .map(UniqueIndexes.Missing::column)
                .toList();
    }

    private static TableMapping mapping(String table) {
        return new TableMapping(
                table,
                "id",
                "username",
                Optional.of("email"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("auth_id"),
                Optional.empty(),
                Optional.empty(),
                AttributeColumns.NONE);
    }
}
