package dev.identitybridge.keycloak.users.api;

/**
 * The app database cannot be reached (no connection within the acquisition timeout, or the connection broke).
 * Callers degrade: lookups find nobody, password checks fail, and nothing is written.
 */
public class AppDatabaseUnavailableException extends AppDatabaseException {

    public AppDatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
