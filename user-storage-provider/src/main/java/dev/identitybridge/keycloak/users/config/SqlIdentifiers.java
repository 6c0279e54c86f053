package dev.identitybridge.keycloak.users.config;

import java.util.regex.Pattern;

/**
 * Table and column names come from admin configuration and end up in SQL text, so only plain
 * identifiers are accepted: letters, digits and underscores, not starting with a digit, at most 63
 * characters (PostgreSQL's limit), optionally qualified by one schema name ({@code app.users}).
 */
public final class SqlIdentifiers {

    private static final String PART = "[A-Za-z_][A-Za-z0-9_]{0,62}";
    private static final Pattern COLUMN = Pattern.compile(PART);
    private static final Pattern TABLE = Pattern.compile(PART + "(\\." + PART + ")?");

    private SqlIdentifiers() {}

    public static boolean isColumnName(String value) {
        return value != null && COLUMN.matcher(value).matches();
    }

    public static boolean isTableName(String value) {
        return value != null && TABLE.matcher(value).matches();
    }
}
