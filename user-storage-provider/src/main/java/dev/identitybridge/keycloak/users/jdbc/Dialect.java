package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that differs between the supported app databases lives here: the JDBC driver class and how
 * a case-insensitive comparison is written so that it can still use an index.
 * <ul>
 *   <li>PostgreSQL and H2 compare {@code LOWER(column)} with a lower-cased parameter (PostgreSQL: index
 *   {@code lower(column)}, as the reference schema does).</li>
 *   <li>MariaDB/MySQL compare the plain column: their default collations are case-insensitive, and a
 *   function on the column would prevent the index from being used.</li>
 * </ul>
 * Paging ({@code LIMIT ? OFFSET ?}) is the same on all four.
 */
public enum Dialect {
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "org.postgresql.postgresql-", true) {
        @Override
        public Map<String, String> connectTimeoutProperties(Duration timeout) {
            String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
            return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
        }

        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return Map.of("socketTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        }

        @Override
        public String foldUnquoted(String identifier) {
            return identifier.toLowerCase(Locale.ROOT);
        }
    },
    MARIADB("jdbc:mariadb:", "org.mariadb.jdbc.Driver", "org.mariadb.jdbc.mariadb-java-client-", false) {
        @Override
        public Map<String, String> connectTimeoutProperties(Duration timeout) {
            return Map.of("connectTimeout", String.valueOf(timeout.toMillis()));
        }

        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return Map.of("socketTimeout", String.valueOf(timeout.toMillis()));
        }
    },
    MYSQL("jdbc:mysql:", "com.mysql.cj.jdbc.Driver", "com.mysql.mysql-connector-j-", false) {
        // MySQL Connector/J names and measures these like MariaDB Connector/J (milliseconds)
        @Override
        public Map<String, String> connectTimeoutProperties(Duration timeout) {
            return MARIADB.connectTimeoutProperties(timeout);
        }

        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return MARIADB.socketTimeoutProperties(timeout);
        }
    },
    H2("jdbc:h2:", "org.h2.Driver", "com.h2database.h2-", true) {
        /** The H2 client's read timeout on a server connection (milliseconds); an embedded database ignores it. */
        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return Map.of("NETWORK_TIMEOUT", String.valueOf(timeout.toMillis()));
        }

        @Override
        public String foldUnquoted(String identifier) {
            return identifier.toUpperCase(Locale.ROOT);
        }
    };

    /** Escape character used in every LIKE pattern we build; '!' needs no escaping in any SQL dialect. */
    public static final char LIKE_ESCAPE = '!';

    private final String urlPrefix;
    private final String driverClassName;
    private final String driverJarPrefix;
    private final boolean lowerCaseColumnForComparison;

    Dialect(String urlPrefix, String driverClassName, String driverJarPrefix, boolean lowerCaseColumnForComparison) {
        this.urlPrefix = urlPrefix;
        this.driverClassName = driverClassName;
        this.driverJarPrefix = driverJarPrefix;
        this.lowerCaseColumnForComparison = lowerCaseColumnForComparison;
    }

    public static Dialect fromJdbcUrl(String jdbcUrl) {
        return Arrays.stream(values())
                .filter(d -> jdbcUrl != null && jdbcUrl.regionMatches(true, 0, d.urlPrefix, 0, d.urlPrefix.length()))
                .findFirst()
                .orElseThrow(() -> new InvalidConfigException(
                        "Unsupported JDBC URL: use jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: or jdbc:h2:."));
    }

    public String driverClassName() {
        return driverClassName;
    }

    /** The URL prefix, e.g. {@code jdbc:postgresql:}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** The database's name, for messages. */
    public String displayName() {
        return switch (this) {
            case POSTGRESQL -> "PostgreSQL";
            case MARIADB -> "MariaDB";
            case MYSQL -> "MySQL";
            case H2 -> "H2";
        };
    }

    /** The port a network URL without one connects to. */
    public int defaultPort() {
        return switch (this) {
            case POSTGRESQL -> 5432;
            case MARIADB, MYSQL -> 3306;
            case H2 -> 9092;
        };
    }

    /** File name prefix of the driver jar in Keycloak's {@code lib/lib/main}. */
    public String driverJarPrefix() {
        return driverJarPrefix;
    }

    /** The left-hand side of a case-insensitive comparison; the bound value must be lower-cased. */
    public String caseInsensitive(String column) {
        return lowerCaseColumnForComparison ? "LOWER(" + column + ")" : column;
    }

    /** Driver properties that bound how long opening a connection may take. */
    public Map<String, String> connectTimeoutProperties(Duration timeout) {
        return Map.of();
    }

    /**
     * The name the database gives an unquoted identifier (PostgreSQL lower-cases it, H2 upper-cases it), or
     * {@code null} where column names are case-insensitive (MariaDB/MySQL).
     */
    public String foldUnquoted(String identifier) {
        return null;
    }

    /**
     * Driver properties that bound how long a statement may wait for the database's answer, so that a database
     * that stops answering (a network partition without resets) cannot hold request threads.
     */
    public Map<String, String> socketTimeoutProperties(Duration timeout) {
        return Map.of();
    }

    public String paging() {
        return " LIMIT ? OFFSET ?";
    }

    public String likeEscapeClause() {
        return " ESCAPE '" + LIKE_ESCAPE + "'";
    }
}
