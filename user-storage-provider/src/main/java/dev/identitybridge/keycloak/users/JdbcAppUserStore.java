package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.api.AppUser;
import dev.identitybridge.keycloak.users.api.AppUserStore;
import dev.identitybridge.keycloak.users.api.BackfillAuditRow;
import dev.identitybridge.keycloak.users.api.LinkOutcome;
import dev.identitybridge.keycloak.users.api.NewAppUser;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.BackfillAuditTable;
import dev.identitybridge.keycloak.users.jdbc.LocalTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.component.ComponentModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider.EditMode;

/** The {@link AppUserStore} of one {@code external-users} component: its repository, write path and link policy. */
final class JdbcAppUserStore implements AppUserStore {

    private final ComponentModel component;
    private final ComponentRuntime runtime;
    private final Clock clock;
    private final AuthIdLinkPolicy links;

    JdbcAppUserStore(ComponentModel component, ComponentRuntime runtime, Clock clock) {
        this.component = component;
        this.runtime = runtime;
        this.clock = clock;
        this.links = new AuthIdLinkPolicy(runtime.repository(), clock);
    }

    @Override
    public String componentId() {
        return component.getId();
    }

    @Override
    public boolean acceptsLinks() {
        return runtime.config().writes().editMode() == EditMode.WRITABLE
                && runtime.config().mapping().authId().isPresent();
    }

    @Override
    public boolean appVerifiesEmails() {
        return runtime.config().appVerifiesEmails();
    }

    @Override
    public String keycloakId(String appId) {
        return StorageId.keycloakId(component, appId);
    }

    @Override
    public Optional<String> appIdOf(String keycloakId) {
        return keycloakId != null && component.getId().equals(StorageId.providerId(keycloakId))
                ? Optional.of(StorageId.externalId(keycloakId))
                : Optional.empty();
    }

    @Override
    public Optional<AppUser> findById(String appId) {
        return repository().findById(appId).map(JdbcAppUserStore::appUser);
    }

    @Override
    public Optional<AppUser> findByEmail(String email) {
        return repository().findByEmail(email).map(JdbcAppUserStore::appUser);
    }

    @Override
    public Optional<AppUser> findByAuthId(String authId) {
        return repository().findByAuthId(authId).map(JdbcAppUserStore::appUser);
    }

    @Override
    public List<AppUser> findUnlinked(String afterId, int limit) {
        return repository().findUnlinked(afterId, limit).stream()
                .map(JdbcAppUserStore::appUser)
                .toList();
    }

    @Override
    public LinkOutcome link(AppUser user, String authId) {
        return links.link(user.id(), user.authId(), authId);
    }

    @Override
    public LinkOutcome linkAudited(AppUser user, String authId, BackfillAuditRow audit) {
        return links.link(
                user.id(), user.authId(), authId, List.of(backfillAudit().insert(componentId(), audit)));
    }

    @Override
    public String provision(NewAppUser user) {
        Instant now = clock.instant();
        NewAppRows newRows =
                new NewAppRows(repository(), runtime.config().writes().idGeneration(), this::keycloakId);
        try (LocalTransaction tx = repository().begin()) {
            AppRowInRequest row = newRows.create(user.username(), now, () -> tx);
            row.set(ProfileField.EMAIL, user.email());
            row.set(ProfileField.EMAIL_VERIFIED, user.emailVerified());
            row.set(ProfileField.FIRST_NAME, user.firstName());
            row.set(ProfileField.LAST_NAME, user.lastName());
            row.set(ProfileField.ENABLED, user.enabled());
            row.linkTo(user.authId());
            newRows.complete(row, now).ifPresent(tx::execute);
            tx.commit();
            return row.id();
        }
    }

    @Override
    public void prepareBackfillAudit() {
        backfillAudit().ensure();
    }

    @Override
    public void recordBackfill(List<BackfillAuditRow> rows) {
        backfillAudit().record(componentId(), rows);
    }

    private static AppUser appUser(AppRow row) {
        return new AppUser(
                row.id(),
                row.email(),
                row.emailVerified(),
                row.enabled(),
                row.authId(),
                row.createdTimestamp() == null ? null : Instant.ofEpochMilli(row.createdTimestamp()));
    }

    private BackfillAuditTable backfillAudit() {
        return repository().backfillAudit();
    }

    private AppUserRepository repository() {
        return runtime.repository();
    }
}
