package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything that differs between the supported app databases lives here, one constant (with its own class body)
 * per vendor; no other class names a vendor. The facts: the JDBC URL prefix, syntax ({@link UrlSyntax}) and allowed
 * parameters ({@link UrlParameterAllowLists}), whether the operator must opt in, driver class and jar, default port and
 * driver timeout properties; how a case-insensitive comparison and its unique index are written so that they can use
 * an index; how unquoted identifiers fold; where index metadata is looked up; the DDL type of a timestamp; and the
 * vendor error codes of a unique violation, a missing table, a syntax error and a lost connection.
 * <ul>
 *   <li>PostgreSQL and H2 compare {@code LOWER(column)} with a lower-cased parameter (PostgreSQL: index
 *   {@code lower(column)}, as the reference schema does).</li>
 *   <li>MariaDB/MySQL compare the plain column: their default collations are case-insensitive, and a
 *   function on the column would prevent the index from being used.</li>
 * </ul>
 * Paging ({@code LIMIT ? OFFSET ?}) is the same on all four.
 */
public enum Dialect {
    POSTGRESQL(
            "jdbc:postgresql:",
            "org.postgresql.Driver",
            "org.postgresql.postgresql-",
            true,
            HostPortUrlSyntax.INSTANCE,
            UrlParameterAllowLists.POSTGRESQL) {
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

        @Override
        public String caseInsensitiveIndex(String column) {
            return "lower(" + column + ")";
        }

        @Override
        ErrorCodes errorCodes() {
            // 57P01 admin shutdown, 57P03 cannot connect now, 53300 too many connections (the server takes no more);
            // 42P01 undefined table, 3F000 undefined schema
            return new ErrorCodes(
                    Set.of("23505"),
                    Set.of(),
                    Set.of("42P01", "3F000"),
                    Set.of(),
                    Set.of("42601"),
                    Set.of(),
                    Set.of("57P01", "57P03", "53300"));
        }
    },
    MARIADB(
            "jdbc:mariadb:",
            "org.mariadb.jdbc.Driver",
            "org.mariadb.jdbc.mariadb-java-client-",
            false,
            HostPortUrlSyntax.INSTANCE,
            UrlParameterAllowLists.MARIADB) {
        @Override
        public Map<String, String> connectTimeoutProperties(Duration timeout) {
            return Map.of("connectTimeout", String.valueOf(timeout.toMillis()));
        }

        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return Map.of("socketTimeout", String.valueOf(timeout.toMillis()));
        }

        @Override
        public String timestampType() {
            return "DATETIME(3)";
        }

        @Override
        public boolean indexMetadataByCatalog() {
            return true;
        }

        @Override
        public String asText(String column) {
            return "CAST(" + column + " AS CHAR(255))";
        }

        @Override
        ErrorCodes errorCodes() {
            return new ErrorCodes(
                    Set.of(), Set.of(1062), Set.of("42S02"), Set.of(1146), Set.of(), Set.of(1064), Set.of());
        }
    },
    MYSQL(
            "jdbc:mysql:",
            "com.mysql.cj.jdbc.Driver",
            "com.mysql.mysql-connector-j-",
            false,
            HostPortUrlSyntax.INSTANCE,
            UrlParameterAllowLists.MYSQL) {
        // MySQL Connector/J names and measures these like MariaDB Connector/J (milliseconds)
        @Override
        public Map<String, String> connectTimeoutProperties(Duration timeout) {
            return MARIADB.connectTimeoutProperties(timeout);
        }

        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return MARIADB.socketTimeoutProperties(timeout);
        }

        // MySQL shares MariaDB's SQL and error codes (MariaDB began as its fork)
        @Override
        public String timestampType() {
            return MARIADB.timestampType();
        }

        @Override
        public boolean indexMetadataByCatalog() {
            return true;
        }

        @Override
        public String asText(String column) {
            return MARIADB.asText(column);
        }

        @Override
        ErrorCodes errorCodes() {
            return MARIADB.errorCodes();
        }
    },
    H2("jdbc:h2:", "org.h2.Driver", "com.h2database.h2-", true, H2UrlSyntax.INSTANCE, UrlParameterAllowLists.H2) {
        /** An H2 database can run inside Keycloak's JVM and open files on its host. */
        @Override
        public boolean needsOperatorOptIn() {
            return true;
        }

        /** The H2 client's read timeout on a server connection (milliseconds); an embedded database ignores it. */
        @Override
        public Map<String, String> socketTimeoutProperties(Duration timeout) {
            return Map.of("NETWORK_TIMEOUT", String.valueOf(timeout.toMillis()));
        }

        @Override
        public String foldUnquoted(String identifier) {
            return identifier.toUpperCase(Locale.ROOT);
        }

        @Override
        ErrorCodes errorCodes() {
            // missing: 42102 table, 42104 (empty database), 90079 schema; connection: 90028 I/O, 90031, 90067 broken
            // (its TCP client reports a dropped server this way)
            return new ErrorCodes(
                    Set.of("23505"),
                    Set.of(),
                    Set.of("42S02"),
                    Set.of(42102, 42104, 90079),
                    Set.of(),
                    Set.of(42000, 42001),
                    Set.of("90028", "90031", "90067"));
        }
    };

    /** Escape character used in every LIKE pattern we build; '!' needs no escaping in any SQL dialect. */
    public static final char LIKE_ESCAPE = '!';

    private final String urlPrefix;
    private final String driverClassName;
    private final String driverJarPrefix;
    private final boolean lowerCaseColumnForComparison;
    private final UrlSyntax urlSyntax;
    private final UrlParameterRules urlParameters;

    Dialect(
            String urlPrefix,
            String driverClassName,
            String driverJarPrefix,
            boolean lowerCaseColumnForComparison,
            UrlSyntax urlSyntax,
            UrlParameterRules urlParameters) {
        this.urlPrefix = urlPrefix;
        this.driverClassName = driverClassName;
        this.driverJarPrefix = driverJarPrefix;
        this.lowerCaseColumnForComparison = lowerCaseColumnForComparison;
        this.urlSyntax = urlSyntax;
        this.urlParameters = urlParameters;
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

    /** How this database's JDBC URLs are written (after {@link #urlPrefix()}). */
    UrlSyntax urlSyntax() {
        return urlSyntax;
    }

    /** The parameters a realm admin may put into this database's JDBC URL. */
    UrlParameterRules urlParameters() {
        return urlParameters;
    }

    /**
     * Whether components may use this database only when the operator allows it (option
     * {@value ConnectionPolicy#ALLOW_H2}): a database that can run inside Keycloak's JVM.
     */
    public boolean needsOperatorOptIn() {
        return false;
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

    /** The supported databases, for messages: "PostgreSQL, MariaDB, MySQL or H2". */
    public static String supportedDatabases() {
        java.util.List<String> names =
                Arrays.stream(values()).map(Dialect::displayName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
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

    /** The left-hand side of a unique index that enforces the case-insensitive comparison of {@link #caseInsensitive}. */
    public String caseInsensitiveIndex(String column) {
        return column;
    }

    /** Whether JDBC index metadata is looked up by catalog (= database) rather than by schema. */
    public boolean indexMetadataByCatalog() {
        return false;
    }

    /**
     * A column read as text of at most 255 characters, so that the name columns of two join tables (one may hold
     * numbers) can share one {@code UNION ALL}.
     */
    public String asText(String column) {
        return "CAST(" + column + " AS VARCHAR(255))";
    }

    /** The DDL type of a timestamp column with milliseconds. */
    public String timestampType() {
        return "TIMESTAMP";
    }

    /**
     * The vendor's SQLStates and error codes that mean one thing, beyond the standard JDBC classes.
     */
    record ErrorCodes(
            Set<String> uniqueViolationStates,
            Set<Integer> uniqueViolationCodes,
            Set<String> missingTableStates,
            Set<Integer> missingTableCodes,
            Set<String> syntaxErrorStates,
            Set<Integer> syntaxErrorCodes,
            Set<String> connectionLossStates) {

        boolean uniqueViolation(SQLException e) {
            return has(uniqueViolationStates, e.getSQLState()) || uniqueViolationCodes.contains(e.getErrorCode());
        }

        boolean missingTable(SQLException e) {
            return has(missingTableStates, e.getSQLState()) || missingTableCodes.contains(e.getErrorCode());
        }

        boolean syntaxError(SQLException e) {
            return has(syntaxErrorStates, e.getSQLState()) || syntaxErrorCodes.contains(e.getErrorCode());
        }

        boolean connectionLoss(String sqlState) {
            return has(connectionLossStates, sqlState);
        }

        /** Many failures carry no SQLState (and {@link Set#of} refuses to look up null). */
        private static boolean has(Set<String> states, String state) {
            return state != null && states.contains(state);
        }
    }

    abstract ErrorCodes errorCodes();

    /*
     * Error classification asks every vendor: a failure is classified the same whichever database the code
     * that sees it expected (the pool's exception sorter, for one, knows no dialect).
     */
    private static boolean anyVendor(Predicate<ErrorCodes> says) {
        return Arrays.stream(values()).map(Dialect::errorCodes).anyMatch(says);
    }

    /** A unique-key violation (in {@code e} or a chained {@link SQLException}). */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t instanceof SQLException s; t = t.getCause()) {
            if (anyVendor(codes -> codes.uniqueViolation(s))) {
                return true;
            }
        }
        return false;
    }

    /** "Undefined table" (or schema). */
    public static boolean isMissingTable(SQLException e) {
        return anyVendor(codes -> codes.missingTable(e));
    }

    /** A syntax error (e.g. a reserved word used as a table name). */
    public static boolean isSyntaxError(SQLException e) {
        return anyVendor(codes -> codes.syntaxError(e));
    }

    /** A vendor SQLState that means the connection is lost (beyond the standard class 08). */
    public static boolean isConnectionLossState(String sqlState) {
        return anyVendor(codes -> codes.connectionLoss(sqlState));
    }

    /** The dialect of a runtime that never hands out a connection (its SQL is built, never run). */
    public static Dialect ofUnusableConnections() {
        return POSTGRESQL;
    }

    public String paging() {
        return " LIMIT ? OFFSET ?";
    }

    public String likeEscapeClause() {
        return " ESCAPE '" + LIKE_ESCAPE + "'";
    }
}
