package dev.identitybridge.keycloak.users.api;

import org.keycloak.models.ModelException;

/** The app database could not answer. Messages never contain user data. */
public class AppDatabaseException extends ModelException {

    public AppDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
