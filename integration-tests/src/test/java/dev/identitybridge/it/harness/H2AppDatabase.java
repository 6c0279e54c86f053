package dev.identitybridge.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.h2.tools.Server;

/** An in-memory H2 database served over TCP from the test JVM, so that the Keycloak process can reach it. */
public final class H2AppDatabase extends AppDatabase {

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Server server;
    private final String url;
    // held open, never read: keycloakConnectionCount() counts it, and it pins the in-memory database
    @SuppressWarnings("PMD.UnusedPrivateField")
    private final Connection keepAlive;

    public H2AppDatabase() throws SQLException {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        // in-memory H2 databases are global to the JVM: one name per instance keeps legs apart
        url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:identity_bridge_it_" + INSTANCES.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1";
        keepAlive = DriverManager.getConnection(url, user(), password());
    }

    @Override
    public String keycloakJdbcUrl() {
        return url;
    }

    @Override
    public String user() {
        return "sa";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String schema() {
        return "PUBLIC";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    @Override
    public void recreate() throws SQLException {
        execute("DROP ALL OBJECTS");
    }

    @Override
    public int keycloakConnectionCount() throws SQLException {
        // every session except the keep-alive one and the one running this query
        return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS") - 2;
    }
}
