package dev.identitybridge.it.versions;

/** The version matrix on the Keycloak 26.4.x distribution the build names ({@code keycloak.matrix.26-4}). */
class VersionMatrix26_4IT extends VersionMatrixSuite {

    @Override
    protected String versionProperty() {
        return "keycloak.matrix.26-4";
    }
}
