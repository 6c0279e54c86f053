package dev.identitybridge.keycloak.identity.api;

/** A request that ends with an error response; thrown by the use cases, turned into JSON at the boundary. */
public final class IdentityError extends RuntimeException {

    private final ErrorCode code;

    public IdentityError(ErrorCode code, String description) {
        super(description, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public String description() {
        return getMessage();
    }
}
