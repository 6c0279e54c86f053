package dev.identitybridge.it.versions;

/** The version matrix on the Keycloak 26.7.x distribution the build names ({@code keycloak.matrix.26-7}). */
class VersionMatrix26_7IT extends VersionMatrixSuite {

    @Override
    protected String versionProperty() {
        return "keycloak.matrix.26-7";
    }
}
