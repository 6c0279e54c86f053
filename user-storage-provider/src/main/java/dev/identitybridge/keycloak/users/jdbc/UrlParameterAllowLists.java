package dev.identitybridge.keycloak.users.jdbc;

import java.util.regex.Pattern;

/**
 * Vendor facts of {@link Dialect}, reached only through it ({@link Dialect#urlParameters()}): the harmless parameters
 * each driver may receive in a JDBC URL (TLS, timeouts, application name, SQL compatibility), each with the values it
 * accepts.
 */
final class UrlParameterAllowLists {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern SIGNED_DIGITS = Pattern.compile("-?\\d{1,9}");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern NAMES = Pattern.compile("[A-Za-z0-9_]{1,64}(,[A-Za-z0-9_]{1,64}){0,15}");
    private static final Pattern ATTRIBUTES = Pattern.compile(
            "[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}" + "(,[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}){0,7}");

    static final UrlParameterRules POSTGRESQL = UrlParameterRules.of(
            "ssl", BOOLEAN,
            "sslmode", Pattern.compile("disable|allow|prefer|require|verify-ca|verify-full"),
            "connectTimeout", DIGITS,
            "socketTimeout", DIGITS,
            "loginTimeout", DIGITS,
            "tcpKeepAlive", BOOLEAN,
            "ApplicationName", NAME,
            "currentSchema", NAMES);

    static final UrlParameterRules MARIADB = UrlParameterRules.of(
            "sslMode", Pattern.compile("(?i)disable|trust|verify-ca|verify-full"),
            "useSsl", BOOLEAN,
            "connectTimeout", DIGITS,
            "socketTimeout", DIGITS,
            "tcpKeepAlive", BOOLEAN,
            "connectionAttributes", ATTRIBUTES);

    static final UrlParameterRules MYSQL = UrlParameterRules.of(
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
    static final UrlParameterRules H2 = UrlParameterRules.of(
            "MODE", Pattern.compile("[A-Za-z0-9]{1,32}"),
            "SCHEMA", Pattern.compile("[A-Za-z0-9_]{1,64}"),
            "IFEXISTS", BOOLEAN,
            "DB_CLOSE_DELAY", SIGNED_DIGITS,
            "DATABASE_TO_UPPER", BOOLEAN,
            "DATABASE_TO_LOWER", BOOLEAN,
            "CASE_INSENSITIVE_IDENTIFIERS", BOOLEAN,
            "NON_KEYWORDS", NAMES,
            "LOCK_TIMEOUT", DIGITS);

    private UrlParameterAllowLists() {}
}
