package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;

import dev.identitybridge.keycloak.users.jdbc.SqlStatement;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Writes backfill decisions into {@code identity_backfill_audit}: a link's row in the link's own local transaction
 * ({@link #statement}), the other decisions of a batch together in one local transaction ({@link #record}).
 */
public final class BackfillAudit {

    static final String INSERT = "INSERT INTO identity_backfill_audit (id, run_id, component_id, app_user_id, outcome, auth_id, "
            + "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final int MAX_DETAIL = 512;

    /** One audited decision. */
    public record Entry(String appUserId, BackfillDecision decision) {
    }

    private BackfillAudit() {
    }

    /** The audit row of one decision, to run in the same transaction as its link. */
    public static SqlStatement statement(String runId, String componentId, Entry entry, Instant now) {
        return new SqlStatement(INSERT, Arrays.asList(values(runId, componentId, entry, now)), 1);
    }

    private static Object[] values(String runId, String componentId, Entry entry, Instant now) {
        BackfillDecision decision = entry.decision();
        return new Object[] {UUID.randomUUID().toString(), runId, componentId, entry.appUserId(), decision.outcome().code(),
                decision.authId(), truncate(decision.detail()), Timestamp.from(now)};
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
                    Object[] values = values(runId, componentId, entry, now);
                    for (int i = 0; i < values.length; i++) {
                        ps.setObject(i + 1, values[i]);
                    }
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
