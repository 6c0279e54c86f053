package dev.identitybridge.benchmarks;

/**
 * One unit of load against one variant of the system under test (a realm, a server, a configuration). Called
 * concurrently; throws when the operation did not succeed, so failures are counted, never timed as successes.
 */
@FunctionalInterface
public interface Scenario {

    void run(String variant) throws Exception;
}
