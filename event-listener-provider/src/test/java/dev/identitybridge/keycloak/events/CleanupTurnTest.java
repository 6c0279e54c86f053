package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CleanupTurnTest {

    private final CleanupTurn turn = new CleanupTurn(Duration.ofSeconds(10));

    @Test
    void dueBeforeAnyRunAndWhenTheStoredValueIsUnreadable() {
        assertThat(turn.due(CleanupTurn.NEVER, 1_000_000)).isTrue();
        assertThat(turn.due("not a number", 1_000_000)).isTrue();
    }

    @Test
    void notDueWithinTheIntervalOfTheLastRun() {
        assertThat(turn.due("1000000", 1_000_000)).isFalse();
        assertThat(turn.due("1000000", 1_005_000)).isFalse(); // another node's timer, half an interval later
        assertThat(turn.due("1000000", 1_008_999)).isFalse();
    }

    @Test
    void dueOnceTheIntervalHasPassedForgivingATenthOfItForTimerJitter() {
        assertThat(turn.due("1000000", 1_009_000)).isTrue();
        assertThat(turn.due("1000000", 1_010_000)).isTrue();
        assertThat(turn.due("1000000", 9_000_000)).isTrue();
    }

    @Test
    void aLastRunFarInTheFutureDoesNotStopTheCleanupForever() {
        assertThat(turn.due("9000000", 1_000_000)).isTrue();
        assertThat(turn.due("1005000", 1_000_000)).isFalse(); // a little ahead: another node's clock
    }
}
