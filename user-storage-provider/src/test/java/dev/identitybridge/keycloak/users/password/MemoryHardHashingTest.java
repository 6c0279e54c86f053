package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link MemoryHardHashing}: a byte budget across computations, and a bounded wait that ends in a failed check. */
class MemoryHardHashingTest {

    @Test
    void aCallerWaitsForTheBudgetThenGivesUp() throws Exception {
        MemoryHardHashing admission = new MemoryHardHashing(8, 3000, Duration.ofMillis(200));
        Held held = Held.hold(admission, 2000);

        // 1000 KiB still fit next to the 2000 held; 1500 do not (cores are free: it is the memory that is short)
        assertThat(admission.compute(1000, () -> new byte[] {1})).containsExactly(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> admission.compute(1500, () -> new byte[] {2}))
                .isInstanceOf(HashingBusyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));

        held.finish();
        assertThat(admission.compute(3000, () -> new byte[] {3})).containsExactly(3);
    }

    @Test
    void aCostAboveTheWholeBudgetFailsAtOnce() {
        MemoryHardHashing admission = new MemoryHardHashing(1, 1024, Duration.ofSeconds(10));
        long start = System.nanoTime();
        assertThatThrownBy(() -> admission.compute(1025, () -> new byte[0])).isInstanceOf(HashingBusyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void coresAreBoundedToo() throws Exception {
        MemoryHardHashing admission = new MemoryHardHashing(1, 1 << 20, Duration.ofMillis(100));
        Held held = Held.hold(admission, 1);
        assertThatThrownBy(() -> admission.compute(1, () -> new byte[0])).isInstanceOf(HashingBusyException.class);
        held.finish();
    }

    /** Through the verifier: a busy budget is a failed check (BUSY), not an exception or an OutOfMemoryError. */
    @Test
    void aBusyBudgetIsAFailedLogin() throws Exception {
        HashLimits limits = new HashLimits(4096, 3, 12, 1_000_000, 4096, Duration.ofMillis(100));
        MemoryHardHashing admission = new MemoryHardHashing(limits);
        PasswordHashVerifier verifier = new PasswordHashVerifier(false, limits, admission);
        String hash = new PasswordHasher(new HashingPolicy(HashAlgorithm.ARGON2ID, 4096, 1, 1, 12, 0)).hash("pw");
        Held held = Held.hold(admission, 4096);

        assertThat(verifier.check("pw", hash))
                .isEqualTo(new PasswordCheck(PasswordCheckOutcome.BUSY, HashFormat.ARGON2ID));
        held.finish();
        assertThat(verifier.check("pw", hash).outcome()).isEqualTo(PasswordCheckOutcome.MATCH);
    }

    /** A computation that holds {@code memoryKib} of the admission until released. */
    private record Held(CountDownLatch release, CompletableFuture<byte[]> done) {

        static Held hold(MemoryHardHashing admission, int memoryKib) throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<byte[]> done = CompletableFuture.supplyAsync(() -> admission.compute(memoryKib, () -> {
                running.countDown();
                await(release);
                return new byte[0];
            }));
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            return new Held(release, done);
        }

        void finish() throws Exception {
            release.countDown();
            done.get(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
