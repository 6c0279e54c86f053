package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.api.AppDatabaseException;
import dev.identitybridge.keycloak.users.jdbc.StoredCredential;
import dev.identitybridge.keycloak.users.metrics.PasswordOutcome;
import dev.identitybridge.keycloak.users.metrics.RehashResult;
import dev.identitybridge.keycloak.users.password.HashFormat;
import dev.identitybridge.keycloak.users.password.PasswordCheck;
import dev.identitybridge.keycloak.users.password.PasswordCheckOutcome;
import dev.identitybridge.keycloak.users.password.RehashDecision;
import java.time.Clock;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.models.ModelDuplicateException;

/**
 * One password check of an app user, in order: verify the password against the stored hash; if it matched and
 * the edit mode writes after logins (WRITABLE), link the user's Keycloak subject into an empty auth id column, and
 * re-write a weaker hash with the configured algorithm (see {@link RehashDecision}). The follow-up writes are single guarded UPDATEs
 * of their own (the password was right whatever happens to the login afterwards); a failed write is logged and does
 * not make the login fail, with one exception: when the auth id column's unique index shows that another app row
 * already holds this Keycloak subject ({@link dev.identitybridge.keycloak.users.api.LinkOutcome#SUBJECT_TAKEN}), two
 * app users would claim one Keycloak user, and the login fails.
 *
 * <p>A refusal without a usable hash (no hash, unknown, malformed, legacy when not allowed, above the operator's
 * cost limits, user disabled in the app table) spends a {@link dev.identitybridge.keycloak.users.password.DummyVerification}
 * first, so that it costs what a wrong password costs.
 */
final class PasswordLogin {

    private static final Logger LOG = Logger.getLogger(PasswordLogin.class);

    private final String componentId;
    private final ComponentRuntime runtime;
    private final Clock clock;

    PasswordLogin(String componentId, ComponentRuntime runtime, Clock clock) {
        this.componentId = componentId;
        this.runtime = runtime;
        this.clock = clock;
    }

    /**
     * @param keycloakId the user's Keycloak id (its subject), never logged with personal data
     * @return what the check came to ({@link PasswordOutcome#VALID}: the password matched)
     */
    PasswordOutcome verify(String keycloakId, String appId, String password, StoredCredential stored) {
        if (stored.passwordHash() == null) {
            refuse(password);
            return PasswordOutcome.UNSUPPORTED;
        }
        PasswordCheck check = runtime.passwordVerifier().check(password, stored.passwordHash());
        switch (check.outcome()) {
            case UNKNOWN_FORMAT, MALFORMED_HASH ->
                LOG.warnf(
                        "External users component %s: the stored password hash of user %s is %s; login refused",
                        componentId, keycloakId, check.outcome().name().toLowerCase());
            case LEGACY_NOT_ALLOWED ->
                LOG.warnf(
                        "External users component %s: user %s has a legacy %s hash, refused because 'allowLegacyHashes' is off",
                        componentId, keycloakId, check.format());
            case COST_ABOVE_LIMIT ->
                LOG.warnf(
                        "External users component %s: the stored %s hash of user %s costs more than this server allows (%s); "
                                + "login refused without hashing",
                        componentId, check.format(), keycloakId, check.detail());
            case BUSY ->
                LOG.warnf(
                        "External users component %s: the password of user %s was not verified, no Argon2 "
                                + "capacity (cores, memory budget) became free in time; login refused",
                        componentId, keycloakId);
            default -> {}
        }
        if (check.matches()) {
            afterMatch(keycloakId, appId, password, stored, check.format());
        } else if (check.outcome() != PasswordCheckOutcome.MISMATCH && check.outcome() != PasswordCheckOutcome.BUSY) {
            runtime.dummyVerification().spend(password);
        }
        return PasswordOutcome.of(check.outcome());
    }

    /**
     * A refusal that must cost what a wrong password costs (no hash, user disabled in the app table): a dummy
     * verification at the configured algorithm and costs.
     *
     * @return false
     */
    boolean refuse(String password) {
        runtime.dummyVerification().spend(password);
        return false;
    }

    private void afterMatch(
            String keycloakId, String appId, String password, StoredCredential stored, HashFormat format) {
        if (runtime.editMode().linksAuthIdOnLogin()) {
            linkAuthId(keycloakId, appId, stored.authId());
        }
        if (!runtime.editMode().rehashesOnLogin()) {
            return;
        }
        RehashDecision decision = runtime.passwordHasher().rehashDecision(stored.passwordHash(), password);
        if (decision.rewrite()) {
            upgradeHash(keycloakId, appId, password, stored.passwordHash(), format);
        } else if (decision == RehashDecision.KEEP_BCRYPT_LONG_PASSWORD) {
            LOG.debugf(
                    "External users component %s: bcrypt hash of user %s kept: the password is longer than bcrypt's "
                            + "72 bytes",
                    componentId, keycloakId);
        }
    }

    private void linkAuthId(String keycloakId, String appId, String storedAuthId) {
        if (runtime.config().mapping().authId().isEmpty()) {
            return;
        }
        try {
            switch (new AuthIdLinkPolicy(runtime.repository(), clock).link(appId, storedAuthId, keycloakId)) {
                case LINKED ->
                    LOG.debugf("External users component %s: linked auth id of user %s", componentId, keycloakId);
                case LINKED_TO_ANOTHER ->
                    LOG.warnf(
                            "External users component %s: user %s is linked to another auth id in "
                                    + "the app table; the stored value is kept",
                            componentId, keycloakId);
                // another row holds this subject: two app users would claim one Keycloak user (see the class comment)
                case SUBJECT_TAKEN ->
                    throw new ModelDuplicateException("An app user with this username or email already exists.");
                default -> {}
            }
        } catch (AppDatabaseException e) {
            LOG.warnf(
                    "External users component %s: could not link the auth id of user %s: %s",
                    componentId, keycloakId, e.getMessage());
        }
    }

    private void upgradeHash(String keycloakId, String appId, String password, String verifiedHash, HashFormat format) {
        String from = format.name().toLowerCase(Locale.ROOT);
        try {
            String upgraded = runtime.passwordHasher().hash(password);
            boolean written = runtime.repository().replacePasswordHash(appId, verifiedHash, upgraded, clock.instant());
            runtime.metrics().rehashed(from, written ? RehashResult.WRITTEN : RehashResult.SKIPPED);
            if (written) {
                LOG.debugf(
                        "External users component %s: upgraded the password hash of user %s to %s",
                        componentId,
                        keycloakId,
                        runtime.config().writes().hashing().algorithm().configValue());
            }
        } catch (AppDatabaseException e) {
            runtime.metrics().rehashed(from, RehashResult.FAILED);
            LOG.warnf(
                    "External users component %s: could not upgrade the password hash of user %s: %s",
                    componentId, keycloakId, e.getMessage());
        }
    }
}
