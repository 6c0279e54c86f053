package dev.identitybridge.keycloak.users.config;

/**
 * A join table next to the users table: one row per (user, role or group name). Every name is a validated SQL
 * identifier ({@link SqlIdentifiers}).
 *
 * @param table      optionally schema-qualified
 * @param userColumn holds the app user id (the users table's id column value)
 * @param nameColumn holds the role or group name as the app spells it
 */
public record JoinTable(String table, String userColumn, String nameColumn) {}
