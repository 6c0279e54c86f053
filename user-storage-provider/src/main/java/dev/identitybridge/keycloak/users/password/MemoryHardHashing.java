package dev.identitybridge.keycloak.users.password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Admission to memory-hard (Argon2) hash computations, shared by every component of one Keycloak server. A
 * computation holds both a CPU core slot and its memory cost (m, in KiB) from a byte budget while it runs:
 * <ul>
 * <li>at most one computation per core at a time, first come first served, as Keycloak's own Argon2 provider does
 * (measured, benchmarks module, 2 cores: unbounded, 32 concurrent Argon2 logins reached 0.68× the throughput of
 * Keycloak's bounded ones);</li>
 * <li>at most {@link HashLimits#argon2BudgetKib()} KiB of Argon2 memory at once, so that concurrent logins with
 * large stored costs cannot exhaust the heap.</li>
 * </ul>
 * A caller that gets neither within {@link HashLimits#argon2Wait()} gives up with a {@link HashingBusyException}
 * (the login fails; no {@link OutOfMemoryError}). The generator allocates its memory when it is initialised, so that
 * happens inside the admission too.
 */
public final class MemoryHardHashing {

    private static final MemoryHardHashing DEFAULT = new MemoryHardHashing(HashLimits.defaults());

    private final Semaphore cores;
    private final Semaphore memoryKib;
    private final int budgetKib;
    private final long waitNanos;

    public MemoryHardHashing(HashLimits limits) {
        this(Runtime.getRuntime().availableProcessors(), limits.argon2BudgetKib(), limits.argon2Wait());
    }

    MemoryHardHashing(int cores, long budgetKib, Duration wait) {
        this.budgetKib = (int) Math.min(Integer.MAX_VALUE, budgetKib);
        this.cores = new Semaphore(cores, true);
        this.memoryKib = new Semaphore(this.budgetKib, true);
        this.waitNanos = wait.toNanos();
    }

    /** The admission with the default limits, for callers outside a Keycloak server (tests, benchmark set-up). */
    static MemoryHardHashing defaults() {
        return DEFAULT;
    }

    /**
     * Runs {@code hashing}, which needs {@code memoryKib} KiB, once both a core and that much of the budget are free.
     *
     * @throws HashingBusyException when they are not free within the wait, or the cost exceeds the whole budget
     */
    byte[] compute(int memoryKib, Supplier<byte[]> hashing) {
        if (memoryKib > budgetKib) {
            throw new HashingBusyException("the Argon2 memory cost exceeds the whole memory budget");
        }
        long deadline = System.nanoTime() + waitNanos;
        acquire(this.memoryKib, memoryKib, deadline);
        try {
            acquire(cores, 1, deadline);
            try {
                return hashing.get();
            } finally {
                cores.release();
            }
        } finally {
            this.memoryKib.release(memoryKib);
        }
    }

    private static void acquire(Semaphore semaphore, int permits, long deadline) {
        try {
            if (!semaphore.tryAcquire(permits, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new HashingBusyException("no Argon2 capacity became free in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException("interrupted while waiting for Argon2 capacity");
        }
    }
}
