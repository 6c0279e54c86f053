package dev.identitybridge.benchmarks;

import dev.identitybridge.it.harness.PostgresAppDatabase;
import dev.identitybridge.keycloak.users.password.HashAlgorithm;
import dev.identitybridge.keycloak.users.password.HashingPolicy;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

/**
 * An app {@code users} table of the reference schema (the provider's own Liquibase changelog) in a PostgreSQL schema
 * of its own, bulk-loaded server-side with {@code INSERT … SELECT generate_series} (no row-by-row round trips).
 * User {@code i} is {@code user<i, 7 digits>} / {@code user<i>@example.org}; even users carry an Argon2id hash with
 * the provider's defaults (m=19456, t=2, p=1), odd users a PBKDF2-SHA512 hash at Keycloak's default 210,000
 * iterations, both of {@link #PASSWORD}.
 */
public final class AppUserTable {

    public static final String PASSWORD = "Bench-Passw0rd!";
    /** Users without a password hash ({@code nohash<i>}) added by {@link #addRefusedUsers(int)}. */
    public static final String NO_HASH_PREFIX = "nohash";
    /** Users whose hash is in no supported format ({@code badformat<i>}), added by {@link #addRefusedUsers(int)}. */
    public static final String BAD_FORMAT_PREFIX = "badformat";
    /** Users with a PBKDF2-SHA256 hash of 1,000 iterations ({@code cheaphash<i>}), added by {@link #addCheapHashUsers(int)}. */
    public static final String CHEAP_HASH_PREFIX = "cheaphash";

    private final PostgresAppDatabase database;
    private final int size;

    public AppUserTable(String schema, int size) {
        this.database = new PostgresAppDatabase(schema);
        this.size = size;
    }

    public static String username(int i) {
        return String.format("user%07d", i);
    }

    public static String email(int i) {
        return username(i) + "@example.org";
    }

    /** The app's id of user {@code i}, as the bulk load computes it: the MD5 of the username, in hex. */
    public static String appId(int i) {
        return appIdOf(username(i));
    }

    /** The app's id of the user named {@code username} (any of the loads): the MD5 of the name, in hex. */
    public static String appIdOf(String username) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5")
                    .digest(username.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int size() {
        return size;
    }

    public String jdbcUrl() {
        return database.keycloakJdbcUrl();
    }

    public String user() {
        return database.user();
    }

    /** Drops and recreates the schema and loads {@link #size} users; returns the seconds it took. */
    public double load() throws Exception {
        long start = System.nanoTime();
        database.recreate();
        database.applyReferenceSchema();
        String argon2 = new PasswordHasher(HashingPolicy.defaults(HashAlgorithm.ARGON2ID)).hash(PASSWORD);
        String pbkdf2 = new PasswordHasher(HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512)).hash(PASSWORD);
        try (Connection c = database.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO users (id, username, email, email_verified, first_name, last_name, "
                                + "enabled, password_hash) SELECT md5(name), name, name || '@example.org', true, 'Bench', 'User ' || i, true, "
                                + "CASE WHEN i % 2 = 0 THEN ? ELSE ? END "
                                + "FROM (SELECT i, 'user' || lpad(i::text, 7, '0') AS name FROM generate_series(0, ? - 1) AS i) AS seed")) {
            insert.setString(1, argon2);
            insert.setString(2, pbkdf2);
            insert.setInt(3, size);
            insert.executeUpdate();
            try (Statement s = c.createStatement()) {
                // what autovacuum does to a table at rest: statistics and the visibility map (index-only scans)
                s.execute("VACUUM ANALYZE users");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Adds {@code count} users without a hash and {@code count} whose stored value is an unsalted MD5 (a format the
     * provider does not support), for the login timing scenario.
     */
    public void addRefusedUsers(int count) throws Exception {
        try (Connection c = database.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO users (id, username, email, email_verified, first_name, "
                                + "last_name, enabled, password_hash) SELECT md5(name), name, name || '@example.org', true, 'Bench', "
                                + "'Refused', true, CASE WHEN name LIKE ? THEN NULL ELSE ? END FROM (SELECT prefix || lpad(i::text, 7, '0') "
                                + "AS name FROM generate_series(0, ? - 1) AS i, (VALUES (?), (?)) AS p(prefix)) AS seed")) {
            insert.setString(1, NO_HASH_PREFIX + "%");
            insert.setString(2, "md5:5f4dcc3b5aa765d61d8327deb882cf99");
            insert.setInt(3, count);
            insert.setString(4, NO_HASH_PREFIX);
            insert.setString(5, BAD_FORMAT_PREFIX);
            insert.executeUpdate();
        }
    }

    /**
     * Adds {@code count} users whose hash costs about a third of a millisecond (PBKDF2-SHA256, 1,000 iterations, the
     * provider's minimum), so that what a login costs besides hashing shows (scenario 8).
     */
    public void addCheapHashUsers(int count) throws Exception {
        addCheapHashUsers(CHEAP_HASH_PREFIX, count);
    }

    /** The same, named {@code prefix} followed by 7 digits. */
    public void addCheapHashUsers(String prefix, int count) throws Exception {
        String cheap = new PasswordHasher(new HashingPolicy(
                        HashAlgorithm.PBKDF2_SHA256,
                        HashingPolicy.DEFAULT_ARGON2_MEMORY_KIB,
                        HashingPolicy.DEFAULT_ARGON2_ITERATIONS,
                        HashingPolicy.DEFAULT_ARGON2_PARALLELISM,
                        HashingPolicy.DEFAULT_BCRYPT_COST,
                        1_000))
                .hash(PASSWORD);
        try (Connection c = database.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO users (id, username, email, email_verified, first_name, "
                                + "last_name, enabled, password_hash) SELECT md5(name), name, name || '@example.org', true, 'Bench', "
                                + "'Cheap', true, ? FROM (SELECT ? || lpad(i::text, 7, '0') AS name FROM generate_series(0, ? - 1) AS i) AS seed")) {
            insert.setString(1, cheap);
            insert.setString(2, prefix);
            insert.setInt(3, count);
            insert.executeUpdate();
        }
    }

    /**
     * Gives the {@code count} users {@code prefix<i>} the same rows in the reference schema's join tables: one
     * {@code user_roles} row per role name and one {@code user_groups} row per group name (app names, as the app
     * spells them).
     */
    public void addMemberships(String prefix, int count, List<String> roles, List<String> groups) throws Exception {
        try (Connection c = database.connect()) {
            insertPairs(c, "INSERT INTO user_roles (user_id, role_name) VALUES (?, ?)", prefix, count, roles);
            insertPairs(c, "INSERT INTO user_groups (user_id, group_name) VALUES (?, ?)", prefix, count, groups);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE user_roles");
                s.execute("ANALYZE user_groups");
            }
        }
    }

    private static void insertPairs(Connection c, String sql, String prefix, int count, List<String> names)
            throws Exception {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 0; i < count; i++) {
                for (String name : names) {
                    insert.setString(1, appIdOf(name(prefix, i)));
                    insert.setString(2, name);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** {@code prefix} followed by {@code i} in 7 digits, as the loads name users. */
    public static String name(String prefix, int i) {
        return String.format("%s%07d", prefix, i);
    }
}
