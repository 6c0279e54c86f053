package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/** The changelog on H2 (Keycloak's dev database), with the unquoted names Hibernate will use. */
class OutboxChangelogH2Test {

    @Test
    @SuppressWarnings("deprecation")
    void createsTheTableAndTheRetentionIndex() throws Exception {
        String url = "jdbc:h2:mem:outbox-changelog;DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE";
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(DriverManager.getConnection(url, "sa", "")));
        try (Liquibase liquibase =
                new Liquibase(OutboxJpaEntityProvider.CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
            liquibase.update(new Contexts(), new LabelExpression());
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (PreparedStatement insert =
                    c.prepareStatement("insert into identity_outbox (id, aggregatetype, aggregateid, type, "
                            + "payload, timestamp, realm_id, schema_version) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, "0b6b4f0c-2c1c-4c9e-9d7e-3a4b2c1d0e9f");
                insert.setString(2, "identity.user");
                insert.setString(3, "a".repeat(255));
                insert.setString(4, "identity.login.succeeded.v1");
                insert.setString(5, "{\"x\":\"" + "y".repeat(100_000) + "\"}");
                insert.setTimestamp(6, Timestamp.from(Instant.parse("2026-03-01T12:34:56.789Z")));
                insert.setString(7, "r".repeat(255));
                insert.setInt(8, 1);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getColumns(null, null, "IDENTITY_OUTBOX", null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " "
                            + rs.getInt("COLUMN_SIZE"));
                }
            }
            assertThat(columns)
                    .containsExactly(
                            "ID CHARACTER VARYING 36",
                            "AGGREGATETYPE CHARACTER VARYING 255",
                            "AGGREGATEID CHARACTER VARYING 255",
                            "TYPE CHARACTER VARYING 255",
                            "PAYLOAD CHARACTER LARGE OBJECT " + Integer.MAX_VALUE,
                            "TIMESTAMP TIMESTAMP WITH TIME ZONE 32",
                            "REALM_ID CHARACTER VARYING 255",
                            "SCHEMA_VERSION INTEGER 32");
            List<String> indexed = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "IDENTITY_OUTBOX", false, false)) {
                while (rs.next()) {
                    indexed.add(rs.getString("INDEX_NAME") + ":" + rs.getString("COLUMN_NAME"));
                }
            }
            assertThat(indexed).contains("IDX_IDENTITY_OUTBOX_TIMESTAMP:TIMESTAMP");
        }
    }
}
