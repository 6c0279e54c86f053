package dev.identitybridge.keycloak.identity.usecase;

/** The app user a call ended with, and how: {@code FOUND}/{@code LINKED} answer 200, {@code CREATED} 201. */
public record Resolution(String userId, How how) {

    public enum How {
        FOUND,
        LINKED,
        CREATED
    }

    public boolean created() {
        return how == How.CREATED;
    }
}
