package dev.identitybridge.it.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The outbox table cannot be written (INSERT revoked, table missing) on a PostgreSQL Keycloak database of this suite's
 * own, reached as a role of its own (a superuser would ignore the revoke): the operation fails (a login gets no
 * tokens), nothing is half-written, one ERROR line names the table and the cause, the failed counter goes up; once
 * the table is writable again, logins write their rows.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOutboxUnwritableIT {

    private static final String ROLE = "h8_kc";
    private static final String REALM = "h8-outbox";

    private KeycloakDatabase db;
    private KeycloakServer server;
    private OutboxClient client;

    @BeforeAll
    void start() throws Exception {
        String serverUrl = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        try (Connection c = DriverManager.getConnection(
                        serverUrl,
                        System.getProperty("it.postgres.user", "postgres"),
                        System.getProperty("it.postgres.password", ""));
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "CREATE ROLE " + ROLE + " LOGIN CREATEDB PASSWORD 'h8-kc-password'; END IF; END $$");
        }
        db = KeycloakDatabase.postgres("h8_kc_outbox", ROLE, "h8-kc-password");
        db.recreate();
        List<String> options = new ArrayList<>(db.serverOptions());
        options.add("--metrics-enabled=true");
        server = KeycloakServer.start(
                KeycloakServer.distribution("h8-outbox-postgres"),
                Path.of(System.getProperty("it.work.dir", "target/it-work"), "h8-outbox-unwritable"),
                options);
        client = new OutboxClient(server, new KeycloakAdmin(server));
        client.createOutboxRealm(REALM, false);
        client.createUser(REALM, "writer");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anUnwritableOutboxTableFailsTheOperationWithOneClearLogLine() throws Exception {
        int rows = count();
        assertThat(client.passwordGrant(REALM, "writer", OutboxClient.PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(count()).isEqualTo(rows + 1);

        execute("REVOKE INSERT ON identity_outbox FROM " + ROLE);
        try {
            assertFailsWithLogLine("42501");
        } finally {
            execute("GRANT INSERT ON identity_outbox TO " + ROLE);
        }
        execute("ALTER TABLE identity_outbox RENAME TO identity_outbox_moved");
        try {
            assertFailsWithLogLine("42P01");
        } finally {
            execute("ALTER TABLE identity_outbox_moved RENAME TO identity_outbox");
        }

        int before = count();
        assertThat(client.passwordGrant(REALM, "writer", OutboxClient.PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(count()).as("rows are written again").isEqualTo(before + 1);
        assertThat(failedCounter())
                .as("identity_bridge_outbox_events_failed_total of logins")
                .isGreaterThanOrEqualTo(2.0);
    }

    private void assertFailsWithLogLine(String sqlState) throws Exception {
        long logBefore = Files.size(server.logFile());
        HttpResponse<String> login = client.passwordGrant(REALM, "writer", OutboxClient.PASSWORD);
        System.out.printf(
                "Outbox table unwritable (%s): the password grant answered %d %s%n",
                sqlState, login.statusCode(), login.body());
        assertThat(login.statusCode()).as("no tokens: " + login.body()).isNotEqualTo(200);
        assertThat(login.body()).doesNotContain("access_token");
        String log = Files.readString(server.logFile()).substring((int) logBefore);
        assertThat(log)
                .contains(
                        "Outbox: 1 event(s) could not be written to table identity_outbox (SQLState " + sqlState,
                        "the operation that sent them is rolled back");
    }

    private double failedCounter() {
        HttpResponse<String> scrape = Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics"))
                        .GET()
                        .build());
        return scrape.body()
                .lines()
                .filter(l -> l.startsWith("identity_bridge_outbox_events_failed_total"))
                .filter(l -> l.contains("identity.login.succeeded.v1"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private int count() throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM identity_outbox")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
