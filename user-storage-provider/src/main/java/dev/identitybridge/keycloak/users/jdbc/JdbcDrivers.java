package dev.identitybridge.keycloak.users.jdbc;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Finds the JDBC driver class of a dialect. Keycloak ships the drivers of every database it supports in
 * {@code lib/lib/main}, but its build puts only the driver of its own database ({@code db} option) on the
 * runtime class path. So: the class path first (Keycloak's own database, or a driver jar an operator put in
 * {@code providers/}), then the jar Keycloak ships, loaded in a class loader of its own. Nothing is bundled.
 */
final class JdbcDrivers {

    private static final Logger LOG = Logger.getLogger(JdbcDrivers.class);
    private static final Map<Dialect, Class<?>> LOADED = new ConcurrentHashMap<>();

    private JdbcDrivers() {}

    static Class<?> driverClass(Dialect dialect) throws SQLException {
        Class<?> loaded = LOADED.get(dialect);
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOADED) {
            loaded = LOADED.get(dialect);
            if (loaded == null) {
                loaded = load(dialect);
                LOADED.put(dialect, loaded);
            }
            return loaded;
        }
    }

    private static Class<?> load(Dialect dialect) throws SQLException {
        try {
            return Class.forName(dialect.driverClassName(), true, JdbcDrivers.class.getClassLoader());
        } catch (ClassNotFoundException notOnClassPath) {
            Optional<Path> jar = shippedDriverJar(dialect);
            if (jar.isEmpty()) {
                throw new SQLException("JDBC driver " + dialect.driverClassName() + " is not available: it is not on "
                        + "Keycloak's class path and no " + dialect.driverJarPrefix() + "*.jar was found in Keycloak's "
                        + "lib/lib/main. Put the driver jar into Keycloak's providers/ folder.");
            }
            try {
                URLClassLoader loader = new URLClassLoader(
                        "identity-bridge-" + dialect.name().toLowerCase(),
                        new URL[] {jar.get().toUri().toURL()},
                        JdbcDrivers.class.getClassLoader());
                LOG.infof(
                        "Loaded JDBC driver %s from %s",
                        dialect.driverClassName(), jar.get().getFileName());
                return Class.forName(dialect.driverClassName(), true, loader);
            } catch (MalformedURLException | ClassNotFoundException e) {
                throw new SQLException(
                        "JDBC driver " + dialect.driverClassName() + " cannot be loaded from " + jar.get(), e);
            }
        }
    }

    private static Optional<Path> shippedDriverJar(Dialect dialect) {
        String home = System.getProperty("kc.home.dir");
        if (home == null) {
            return Optional.empty();
        }
        Path libMain = Path.of(home, "lib", "lib", "main");
        if (!Files.isDirectory(libMain)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(libMain)) {
            return files.filter(f -> f.getFileName().toString().startsWith(dialect.driverJarPrefix())
                            && f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
