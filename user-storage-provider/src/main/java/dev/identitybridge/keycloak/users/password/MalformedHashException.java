package dev.identitybridge.keycloak.users.password;

/**
 * A stored hash that claims a known format but cannot be used. The message names what is wrong and never contains
 * the hash or the password. Thrown and caught inside this package only.
 */
final class MalformedHashException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    MalformedHashException(String reason) {
        super(reason, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // control flow for bad data, a stack trace would add nothing
    }
}
