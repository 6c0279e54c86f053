package dev.identitybridge.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Bulk load of Keycloak-local users straight into Keycloak's own database (its JPA tables {@code user_entity},
 * {@code user_role_mapping}, {@code user_attribute}, {@code credential}), server-side with {@code generate_series}:
 * partial import through the admin API creates about 40 users a second here, which would take minutes for the
 * matching set. The users are new to Keycloak's caches, so the running server reads them from the database like
 * any user it has not seen yet. User {@code i} is {@code <prefix><i, 7 digits>} with the email
 * {@code <username>@example.org} (verified), enabled, with the realm's default roles.
 */
public final class KeycloakLocalUsers {

    private final String jdbcUrl;
    private final String user;

    public KeycloakLocalUsers(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /** Inserts users {@code from}..{@code to - 1}; with {@code appUserIds}, each gets {@code app_user_id} as the app table has it. */
    public void insert(String realm, String prefix, int from, int to, boolean appUserIds) throws SQLException {
        String pattern = prefix + "_______";
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "")) {
            c.setAutoCommit(false);
            String realmId = realmId(c, realm);
            try (PreparedStatement users = c.prepareStatement(
                    "INSERT INTO user_entity (id, email, email_constraint, email_verified, "
                            + "enabled, first_name, last_name, realm_id, username, created_timestamp, not_before) "
                            + "SELECT gen_random_uuid()::text, name || '@example.org', name || '@example.org', true, true, 'Bench', 'User ' || i, "
                            + "?, name, ?, 0 FROM (SELECT i, ? || lpad(i::text, 7, '0') AS name FROM generate_series(?, ? - 1) AS i) AS seed")) {
                users.setString(1, realmId);
                users.setLong(2, System.currentTimeMillis());
                users.setString(3, prefix);
                users.setInt(4, from);
                users.setInt(5, to);
                users.executeUpdate();
            }
            try (PreparedStatement roles =
                    c.prepareStatement("INSERT INTO user_role_mapping (role_id, user_id) SELECT r.default_role, u.id "
                            + "FROM user_entity u JOIN realm r ON r.id = u.realm_id WHERE u.realm_id = ? AND u.username LIKE ? "
                            + "AND NOT EXISTS (SELECT 1 FROM user_role_mapping m WHERE m.user_id = u.id)")) {
                roles.setString(1, realmId);
                roles.setString(2, pattern);
                roles.executeUpdate();
            }
            if (appUserIds) {
                try (PreparedStatement attributes =
                        c.prepareStatement("INSERT INTO user_attribute (name, value, user_id, id) "
                                + "SELECT 'app_user_id', md5(u.username), u.id, gen_random_uuid()::text FROM user_entity u "
                                + "WHERE u.realm_id = ? AND u.username LIKE ?")) {
                    attributes.setString(1, realmId);
                    attributes.setString(2, pattern);
                    attributes.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /**
     * Gives every user of {@code realm} whose username starts with {@code prefix} and who has no password a copy of
     * {@code template}'s password credential (same hash and salt: what Keycloak stored for the template's password).
     */
    public int copyPassword(String realm, String prefix, String template) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement copy = c.prepareStatement(
                        "INSERT INTO credential (id, type, user_id, created_date, secret_data, "
                                + "credential_data, priority, version) SELECT gen_random_uuid()::text, t.type, u.id, t.created_date, t.secret_data, "
                                + "t.credential_data, t.priority, 0 FROM user_entity u CROSS JOIN (SELECT c.* FROM credential c JOIN user_entity tu "
                                + "ON tu.id = c.user_id WHERE tu.realm_id = ? AND tu.username = ? AND c.type = 'password') AS t "
                                + "WHERE u.realm_id = ? AND u.username LIKE ? AND NOT EXISTS (SELECT 1 FROM credential x WHERE x.user_id = u.id)")) {
            String realmId = realmId(c, realm);
            copy.setString(1, realmId);
            copy.setString(2, template);
            copy.setString(3, realmId);
            copy.setString(4, prefix + "%");
            return copy.executeUpdate();
        }
    }

    private static String realmId(Connection c, String realm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM realm WHERE name = ?")) {
            ps.setString(1, realm);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no realm " + realm);
                }
                return rs.getString(1);
            }
        }
    }
}
