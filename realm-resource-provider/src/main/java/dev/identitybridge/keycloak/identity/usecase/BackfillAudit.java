package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes one batch of backfill decisions into {@code identity_backfill_audit}, in one local transaction. */
public final class BackfillAudit {

    static final String INSERT = "INSERT INTO identity_backfill_audit (id, run_id, component_id, app_user_id, outcome, auth_id, "
            + "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final int MAX_DETAIL = 512;

    /** One audited decision. */
    public record Entry(String appUserId, BackfillDecision decision) {
    }

    private BackfillAudit() {
    }

    public static void record(DataSource dataSource, String runId, String componentId, List<Entry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Entry entry : entries) {
                    BackfillDecision decision = entry.decision();
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, runId);
                    ps.setString(3, componentId);
                    ps.setString(4, entry.appUserId());
                    ps.setString(5, decision.outcome().code());
                    ps.setString(6, decision.authId());
                    ps.setString(7, truncate(decision.detail()));
                    ps.setTimestamp(8, Timestamp.from(now));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IdentityError(ErrorCode.APP_DATABASE_UNAVAILABLE, "The backfill audit could not be written to the app database.");
        }
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
    }
}
