package dev.identitybridge.keycloak.users.jdbc;

import java.util.List;

/**
 * One write statement with its bind values, and how many rows it must touch ({@code -1}: any number). A
 * statement touching another number of rows fails its whole transaction.
 */
public record SqlStatement(String sql, List<Object> parameters, int expectedRows) {

    public SqlStatement {
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    /** Parameters may hold personal data and hashes: only the SQL text is shown. */
    @Override
    public String toString() {
        return "SqlStatement[" + sql + "]";
    }
}
