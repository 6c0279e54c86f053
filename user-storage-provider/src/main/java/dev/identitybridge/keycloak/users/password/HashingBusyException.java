package dev.identitybridge.keycloak.users.password;

/** A memory-hard computation could not be admitted in time (see {@link MemoryHardHashing}); the check fails. */
final class HashingBusyException extends RuntimeException {

    HashingBusyException(String message) {
        super(message, null, false, false);
    }
}
