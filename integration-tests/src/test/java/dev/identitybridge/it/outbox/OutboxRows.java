package dev.identitybridge.it.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads identity_outbox straight from Keycloak's database. */
public final class OutboxRows {

    /** One row as stored. */
    public record Row(
            String id,
            String aggregateType,
            String aggregateId,
            String type,
            String payloadText,
            Instant timestamp,
            String realmId,
            int schemaVersion) {
        public JsonNode payload() {
            return Http.json(payloadText);
        }
    }

    private final KeycloakDatabase db;

    public OutboxRows(KeycloakDatabase db) {
        this.db = db;
    }

    /** Rows of a realm, oldest first. */
    List<Row> ofRealm(String realmId) {
        return query(
                "SELECT id, aggregatetype, aggregateid, type, payload, timestamp, realm_id, schema_version FROM identity_outbox "
                        + "WHERE realm_id = ? ORDER BY timestamp, id",
                realmId);
    }

    /** Rows about one Keycloak user (or the anonymous rows of a realm when given the realm id), oldest first. */
    public List<Row> ofAggregate(String aggregateId) {
        return query(
                "SELECT id, aggregatetype, aggregateid, type, payload, timestamp, realm_id, schema_version FROM identity_outbox "
                        + "WHERE aggregateid = ? ORDER BY timestamp, id",
                aggregateId);
    }

    /** The rows of {@code after} that {@code before} did not have. */
    public static List<Row> added(List<Row> before, List<Row> after) {
        Set<String> seen = before.stream().map(Row::id).collect(Collectors.toSet());
        return after.stream().filter(r -> !seen.contains(r.id())).toList();
    }

    public static List<String> types(List<Row> rows) {
        return rows.stream().map(Row::type).toList();
    }

    int count() {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM identity_outbox");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts a row as an old one would look, for the retention cleanup. */
    void insertOld(String id, String realmId, Instant timestamp) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO identity_outbox (id, aggregatetype, "
                                + "aggregateid, type, payload, timestamp, realm_id, schema_version) VALUES (?, 'identity.user', ?, 'identity.logout.v1', '{}', ?, ?, 1)")) {
            ps.setString(1, id);
            ps.setString(2, realmId);
            ps.setTimestamp(3, Timestamp.from(timestamp));
            ps.setString(4, realmId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String id) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM identity_outbox WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Row> query(String sql, String parameter) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getString(7),
                            rs.getInt(8)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
