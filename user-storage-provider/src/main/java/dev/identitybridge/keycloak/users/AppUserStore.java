package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.IdGeneration;
import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.AppWriteTransaction;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.ExternalStoreUnavailableException;
import dev.identitybridge.keycloak.users.jdbc.ExternalUserRepository;
import dev.identitybridge.keycloak.users.jdbc.SqlStatement;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider.EditMode;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The app users table of one {@code external-users} component, for the other Identity Bridge modules (the
 * identity realm resource): lookups by id, email and auth id, auth id links and provisioning of app users for
 * existing Keycloak users. Every call is one statement (provisioning: one local transaction). While the app
 * database is unreachable, calls throw {@link ExternalStoreUnavailableException}.
 */
public final class AppUserStore {

    private final ComponentModel component;
    private final ComponentRuntime runtime;
    private final Clock clock;

    AppUserStore(ComponentModel component, ComponentRuntime runtime, Clock clock) {
        this.component = component;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** What a new app row is made of: the Keycloak user's profile and the subject it is linked to. */
    public record NewAppUser(String username, String email, boolean emailVerified, String firstName, String lastName,
                             boolean enabled, String authId) {
    }

    public String componentId() {
        return component.getId();
    }

    public String componentName() {
        return component.getName();
    }

    /** Whether Keycloak may write to this table (edit mode WRITABLE): linking and provisioning need it. */
    public boolean writable() {
        return runtime.config().writes().editMode() == EditMode.WRITABLE;
    }

    /** Whether the table has an auth id column (needed to link Keycloak subjects to app users). */
    public boolean linksAuthIds() {
        return mapping().authId().isPresent();
    }

    /** The realm admin's statement that the app verifies every email it stores (option {@code appVerifiesEmails}). */
    public boolean appVerifiesEmails() {
        return runtime.config().appVerifiesEmails();
    }

    public TableMapping mapping() {
        return runtime.config().mapping();
    }

    /** The Keycloak id of an app user of this component: {@code f:<componentId>:<appId>}. */
    public String keycloakId(String appId) {
        return StorageId.keycloakId(component, appId);
    }

    /** The app id of a Keycloak id of this component, if it is one. */
    public Optional<String> appIdOf(String keycloakId) {
        return keycloakId != null && component.getId().equals(StorageId.providerId(keycloakId))
                ? Optional.of(StorageId.externalId(keycloakId)) : Optional.empty();
    }

    public Optional<ExternalUser> findById(String appId) {
        return repository().findById(appId);
    }

    public Optional<ExternalUser> findByEmail(String email) {
        return repository().findByEmail(email);
    }

    public Optional<ExternalUser> findByAuthId(String authId) {
        return repository().findByAuthId(authId);
    }

    /** App users with an empty auth id after {@code afterId} (null: from the start), in id order. */
    public List<ExternalUser> findUnlinked(String afterId, int limit) {
        return repository().findUnlinked(afterId, limit);
    }

    /**
     * Writes {@code authId} into the user's auth id column if it is still empty.
     *
     * @return whether this call linked it (false: it was linked meanwhile, or the user is gone)
     */
    public boolean linkAuthId(String appId, String authId) {
        return linkAuthId(appId, authId, List.of());
    }

    /**
     * Like {@link #linkAuthId(String, String)}, and runs {@code withLink} (statements on tables of this database, such
     * as an audit row) in the same local transaction, only when the link is written.
     *
     * @throws ModelDuplicateException when another app user already holds {@code authId}
     */
    public boolean linkAuthId(String appId, String authId, List<SqlStatement> withLink) {
        return repository().linkAuthId(appId, authId, clock.instant(), withLink);
    }

    /**
     * Creates an app row for an existing Keycloak user, linked to {@code user.authId()}, in one local transaction.
     *
     * @return the new app id
     * @throws ModelDuplicateException when the username, email or auth id is already taken (re-read to find the winner)
     */
    public String provision(NewAppUser user) {
        Instant now = clock.instant();
        ExternalUserRepository repository = repository();
        RowStatements statements = new RowStatements(repository.sql(), repository.shape(), mapping(), this::keycloakId);
        try (AppWriteTransaction tx = repository.begin()) {
            UserRow row;
            if (runtime.config().writes().idGeneration() == IdGeneration.DATABASE) {
                row = UserRow.created(tx.insertReturningKey(statements.insertForGeneratedId(user.username(), now), mapping().id()),
                        user.username(), now.toEpochMilli());
            } else {
                row = UserRow.created(UUID.randomUUID().toString(), user.username(), now.toEpochMilli());
            }
            row.set(ProfileField.EMAIL, user.email());
            row.set(ProfileField.EMAIL_VERIFIED, user.emailVerified());
            row.set(ProfileField.FIRST_NAME, user.firstName());
            row.set(ProfileField.LAST_NAME, user.lastName());
            row.set(ProfileField.ENABLED, user.enabled());
            row.linkTo(user.authId());
            if (runtime.config().writes().idGeneration() == IdGeneration.DATABASE) {
                statements.completeGenerated(row, now).ifPresent(tx::execute);
            } else {
                tx.execute(statements.insert(row, now));
            }
            tx.commit();
            return row.id();
        }
    }

    /** The component's connection pool, e.g. for tables of its own next to the users table. */
    public DataSource dataSource() {
        return runtime.connections().dataSource();
    }

    public Dialect dialect() {
        return runtime.dialect();
    }

    private ExternalUserRepository repository() {
        return runtime.repository();
    }
}
