package dev.identitybridge.keycloak.users.api;

import java.time.Instant;

/**
 * One row of {@code identity_backfill_audit}: what a backfill run decided (or did) for one app user of a table.
 *
 * @param outcome the decision's code ({@code linked}, {@code no_identity}, {@code conflict}, {@code failed})
 * @param authId  the subject linked or in conflict, if any
 * @param detail  why, for readers of the audit (no personal data); cut to the column's size when stored
 */
public record BackfillAuditRow(
        String runId, String appUserId, String outcome, String authId, String detail, Instant decidedAt) {}
