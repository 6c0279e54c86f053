package dev.identitybridge.it.versions;

/** The version matrix on the Keycloak 26.5.x distribution the build names ({@code keycloak.matrix.26-5}). */
class VersionMatrix26_5IT extends VersionMatrixSuite {

    @Override
    protected String versionProperty() {
        return "keycloak.matrix.26-5";
    }
}
