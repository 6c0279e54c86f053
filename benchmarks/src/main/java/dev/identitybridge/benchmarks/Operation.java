package dev.identitybridge.benchmarks;

/**
 * One request against the system under test. Called by several threads at once; throws when the request did not
 * succeed, so that a failure is counted and never timed as a success.
 */
@FunctionalInterface
public interface Operation {

    void run() throws Exception;

    /** Thrown by an operation whose supply of inputs (e.g. not yet provisioned users) is used up: the worker stops. */
    final class Exhausted extends RuntimeException {
        public Exhausted() {
            super("inputs used up", null, false, false);
        }
    }
}
