package dev.identitybridge.keycloak.users.jdbc;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The parameters a realm admin may put into a JDBC URL, per dialect, each with the values it accepts. Everything
 * not listed is refused: driver parameters name classes to load (socket, SSL and logger factories, interceptors),
 * files to read or write (logger files, key stores, local infile), or settings that run SQL (H2 {@code INIT}).
 * Names are matched case-insensitively (a case variant of a harmless name is as harmless).
 */
final class UrlParameterRules {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern SIGNED_DIGITS = Pattern.compile("-?\\d{1,9}");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern NAMES = Pattern.compile("[A-Za-z0-9_]{1,64}(,[A-Za-z0-9_]{1,64}){0,15}");
    private static final Pattern ATTRIBUTES = Pattern.compile("[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}"
            + "(,[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}){0,7}");

    private static final Map<String, Pattern> POSTGRESQL = rules(
            "ssl", BOOLEAN,
            "sslmode", Pattern.compile("disable|allow|prefer|require|verify-ca|verify-full"),
            "connectTimeout", DIGITS,
            "socketTimeout", DIGITS,
            "loginTimeout", DIGITS,
            "tcpKeepAlive", BOOLEAN,
            "ApplicationName", NAME,
            "currentSchema", NAMES);

    private static final Map<String, Pattern> MARIADB = rules(
            "sslMode", Pattern.compile("(?i)disable|trust|verify-ca|verify-full"),
            "useSsl", BOOLEAN,
            "connectTimeout", DIGITS,
            "socketTimeout", DIGITS,
            "tcpKeepAlive", BOOLEAN,
            "connectionAttributes", ATTRIBUTES);

    private static final Map<String, Pattern> MYSQL = rules(
            "sslMode", Pattern.compile("(?i)disabled|preferred|required|verify_ca|verify_identity"),
            "useSSL", BOOLEAN,
            "requireSSL", BOOLEAN,
            "connectTimeout", DIGITS,
            "socketTimeout", DIGITS,
            "tcpKeepAlive", BOOLEAN,
            "connectionAttributes", ATTRIBUTES,
            "serverTimezone", Pattern.compile("[A-Za-z0-9_/+-]{1,64}"),
            "characterEncoding", Pattern.compile("[A-Za-z0-9_-]{1,32}"),
            "useUnicode", BOOLEAN);

    /**
     * H2 settings ({@code ;KEY=value}): SQL compatibility and identifier handling, and open-only-if-it-exists. Not
     * accepted, among others: {@code INIT} (runs SQL, e.g. {@code RUNSCRIPT}, {@code CREATE ALIAS} = Java code),
     * {@code TRACE_*} (writes files), {@code AUTO_SERVER} (opens a server socket), {@code FILE_LOCK},
     * {@code ACCESS_MODE_*}, {@code CIPHER}, {@code OPEN_NEW}, {@code RECOVER}.
     */
    private static final Map<String, Pattern> H2 = rules(
            "MODE", Pattern.compile("[A-Za-z0-9]{1,32}"),
            "SCHEMA", Pattern.compile("[A-Za-z0-9_]{1,64}"),
            "IFEXISTS", BOOLEAN,
            "DB_CLOSE_DELAY", SIGNED_DIGITS,
            "DATABASE_TO_UPPER", BOOLEAN,
            "DATABASE_TO_LOWER", BOOLEAN,
            "CASE_INSENSITIVE_IDENTIFIERS", BOOLEAN,
            "NON_KEYWORDS", NAMES,
            "LOCK_TIMEOUT", DIGITS);

    private UrlParameterRules() {
    }

    /** The value pattern of an allowed parameter, or empty when the parameter is not allowed. */
    static Optional<Pattern> valuePattern(Dialect dialect, String name) {
        return Optional.ofNullable(of(dialect).get(name));
    }

    /** The allowed names, for messages. */
    static String allowedNames(Dialect dialect) {
        return String.join(", ", of(dialect).keySet());
    }

    private static Map<String, Pattern> of(Dialect dialect) {
        return switch (dialect) {
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case MYSQL -> MYSQL;
            case H2 -> H2;
        };
    }

    private static Map<String, Pattern> rules(Object... nameAndPattern) {
        Map<String, Pattern> rules = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameAndPattern.length; i += 2) {
            rules.put((String) nameAndPattern[i], (Pattern) nameAndPattern[i + 1]);
        }
        return rules;
    }

    /** Parameter names that carry credentials: refused with a message that points to the user and password fields. */
    static boolean isCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("user") || lower.equals("username") || lower.contains("password") || lower.equals("pwd");
    }
}
