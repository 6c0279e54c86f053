package dev.identitybridge.keycloak.users.jdbc;

import java.util.List;

/** A SQL boolean expression with its bind parameters, in order. */
public record SqlCondition(String sql, List<Object> parameters) {

    public static final SqlCondition ALWAYS = new SqlCondition("1=1", List.of());
    public static final SqlCondition NEVER = new SqlCondition("1=0", List.of());

    public SqlCondition {
        parameters = List.copyOf(parameters);
    }
}
