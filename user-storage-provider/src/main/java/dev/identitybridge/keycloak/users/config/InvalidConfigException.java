package dev.identitybridge.keycloak.users.config;

/** A configuration value the provider cannot work with; the message is shown to the realm admin. */
public class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(String message) {
        super(message);
    }
}
