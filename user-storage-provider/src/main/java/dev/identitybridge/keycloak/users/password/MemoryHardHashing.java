package dev.identitybridge.keycloak.users.password;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most one memory-hard hash computation per CPU core at a time, first come first served, as Keycloak's own
 * Argon2 provider does: each Argon2 computation holds its whole memory cost (19 MiB by default) and a core, so
 * running more at once than there are cores only adds allocation, garbage collection and cache thrashing. Measured
 * (benchmarks module, 2 cores): unbounded, 32 concurrent Argon2 logins reached 0.68× the throughput of Keycloak's
 * bounded ones. The generator allocates the memory when it is initialised, so that happens inside the slot too.
 */
final class MemoryHardHashing {

    private static final Semaphore CORES = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private MemoryHardHashing() {
    }

    static byte[] compute(Supplier<byte[]> hashing) {
        CORES.acquireUninterruptibly();
        try {
            return hashing.get();
        } finally {
            CORES.release();
        }
    }
}
