package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.WriteSettings;
import dev.identitybridge.keycloak.users.jdbc.ExternalStoreException;
import dev.identitybridge.keycloak.users.jdbc.StoredCredential;
import dev.identitybridge.keycloak.users.password.PasswordCheck;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * One password check of an app user, in order: verify the password against the stored hash; if it matched and
 * the edit mode is WRITABLE, link the user's Keycloak subject into an empty auth id column, and upgrade a hash of
 * another algorithm or cost to the configured one. The follow-up writes are single guarded UPDATEs of their own
 * (the password was right whatever happens to the login afterwards); they never make the login fail.
 */
final class PasswordLogin {

    private static final Logger LOG = Logger.getLogger(PasswordLogin.class);

    private final String componentId;
    private final ComponentRuntime runtime;
    private final WriteSettings settings;
    private final Clock clock;

    PasswordLogin(String componentId, ComponentRuntime runtime, Clock clock) {
        this.componentId = componentId;
        this.runtime = runtime;
        this.settings = runtime.config().writes();
        this.clock = clock;
    }

    /**
     * @param keycloakId the user's Keycloak id (its subject), never logged with personal data
     * @return whether the password matched
     */
    boolean verify(String keycloakId, String appId, String password, StoredCredential stored) {
        PasswordCheck check = runtime.passwordVerifier().check(password, stored.passwordHash());
        switch (check.outcome()) {
            case UNKNOWN_FORMAT, MALFORMED_HASH -> LOG.warnf(
                    "External users component %s: the stored password hash of user %s is %s; login refused",
                    componentId, keycloakId, check.outcome().name().toLowerCase());
            case LEGACY_NOT_ALLOWED -> LOG.warnf(
                    "External users component %s: user %s has a legacy %s hash, refused because 'allowLegacyHashes' is off",
                    componentId, keycloakId, check.format());
            default -> {
            }
        }
        if (!check.matches()) {
            return false;
        }
        if (settings.writable()) {
            linkAuthId(keycloakId, appId, stored.authId());
        }
        if (settings.upgradesHashes() && runtime.passwordHasher().needsRehash(stored.passwordHash())) {
            upgradeHash(keycloakId, appId, password, stored.passwordHash());
        }
        return true;
    }

    private void linkAuthId(String keycloakId, String appId, String storedAuthId) {
        if (runtime.config().mapping().authId().isEmpty()) {
            return;
        }
        if (storedAuthId != null && !storedAuthId.isBlank()) {
            if (!storedAuthId.equals(keycloakId)) {
                LOG.warnf("External users component %s: user %s is linked to another auth id in the app table; "
                        + "the stored value is kept", componentId, keycloakId);
            }
            return;
        }
        try {
            if (runtime.repository().linkAuthId(appId, keycloakId, clock.instant())) {
                LOG.debugf("External users component %s: linked auth id of user %s", componentId, keycloakId);
            }
        } catch (ExternalStoreException e) {
            LOG.warnf("External users component %s: could not link the auth id of user %s: %s", componentId, keycloakId, e.getMessage());
        }
    }

    private void upgradeHash(String keycloakId, String appId, String password, String verifiedHash) {
        try {
            String upgraded = runtime.passwordHasher().hash(password);
            if (runtime.repository().replacePasswordHash(appId, verifiedHash, upgraded, clock.instant())) {
                LOG.debugf("External users component %s: upgraded the password hash of user %s to %s", componentId,
                        keycloakId, settings.hashing().algorithm().configValue());
            }
        } catch (ExternalStoreException e) {
            LOG.warnf("External users component %s: could not upgrade the password hash of user %s: %s", componentId,
                    keycloakId, e.getMessage());
        }
    }
}
