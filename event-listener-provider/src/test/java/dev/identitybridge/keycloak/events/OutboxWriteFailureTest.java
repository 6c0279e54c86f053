package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class OutboxWriteFailureTest {

    @Test
    void recognisesEachDatabasesMissingTableAndPermissionMessages() {
        for (String message : new String[] {
            "ERROR: relation \"identity_outbox\" does not exist",
            "ERROR: permission denied for table identity_outbox",
            "(conn=12) Table 'kc.identity_outbox' doesn't exist",
            "INSERT command denied to user 'kc'@'localhost' for table `kc`.`identity_outbox`",
            "Table \"IDENTITY_OUTBOX\" not found"
        }) {
            PersistenceException e = new PersistenceException(
                    "could not execute statement", new RuntimeException("wrapped", new SQLException(message, "42P01")));
            assertThat(OutboxWriteFailure.concernsOutboxTable(e)).as(message).isTrue();
        }
        assertThat(
                        OutboxWriteFailure.concernsOutboxTable(
                                new PersistenceException(
                                        "duplicate key",
                                        new SQLException(
                                                "ERROR: duplicate key value violates unique constraint \"uk_ru8tt6t700s9v50bu18ws5ha6\""))))
                .isFalse();
    }

    @Test
    void describesTheFailureByStateAndFirstLineOnly() {
        PersistenceException e = new PersistenceException(new SQLException(
                "ERROR: permission denied for table identity_outbox\n  Detail: values (secret@example.com)", "42501"));
        assertThat(OutboxWriteFailure.describe(e))
                .isEqualTo("SQLState 42501: ERROR: permission denied for table identity_outbox");
        assertThat(OutboxWriteFailure.describe(new IllegalStateException("x")))
                .isEqualTo(IllegalStateException.class.getName());
    }
}
