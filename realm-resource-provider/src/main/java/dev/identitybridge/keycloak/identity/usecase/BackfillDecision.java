package dev.identitybridge.keycloak.identity.usecase;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the backfill decided (or did) for one app user; recorded in {@code identity_backfill_audit}. */
public record BackfillDecision(Outcome outcome, String authId, String detail) {

    public enum Outcome {
        LINKED("linked"),
        NO_IDENTITY("no_identity"),
        CONFLICT("conflict"),
        FAILED("failed");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }
    }

    public static BackfillDecision linked(String authId, String detail) {
        return new BackfillDecision(Outcome.LINKED, authId, detail);
    }

    public static BackfillDecision conflict(String authId, String detail) {
        return new BackfillDecision(Outcome.CONFLICT, authId, detail);
    }

    public static BackfillDecision noIdentity(String detail) {
        return new BackfillDecision(Outcome.NO_IDENTITY, null, detail);
    }

    public static BackfillDecision failed(String authId, String detail) {
        return new BackfillDecision(Outcome.FAILED, authId, detail);
    }
}
