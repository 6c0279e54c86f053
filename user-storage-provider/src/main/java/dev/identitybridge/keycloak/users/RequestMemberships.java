package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.jdbc.MembershipNames;
import dev.identitybridge.keycloak.users.jdbc.MembershipRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The app roles and groups of the users one request loads: read once per user (one statement for both join tables,
 * at the first role or group question, not per check) and shared by every adapter of that user in the request, as
 * the row is. Keycloak's user cache then keeps the resulting role and group ids with the cached user, like the rest of
 * the row. A failed read counts as no app roles or groups (fewer rights, never an error page) and is logged.
 */
final class RequestMemberships {

    private static final Logger LOG = Logger.getLogger(RequestMemberships.class);

    private final MembershipRepository repository;
    private final Function<RealmModel, MembershipResolver> resolvers;
    private final Supplier<AppTableWrites> writes;
    private final Map<String, UserMemberships> users = new HashMap<>();

    RequestMemberships(
            MembershipRepository repository,
            Function<RealmModel, MembershipResolver> resolvers,
            Supplier<AppTableWrites> writes) {
        this.repository = repository;
        this.resolvers = resolvers;
        this.writes = writes;
    }

    /** The memberships of one user of {@code realm} (a user created in this request has none in the tables yet). */
    UserMemberships of(RealmModel realm, AppRowInRequest row) {
        return users.computeIfAbsent(
                realm.getId() + ' ' + row.id(),
                key -> new UserMemberships(
                        repository.memberships(),
                        row.id(),
                        () -> row.isNew() ? MembershipNames.NONE : read(row.id()),
                        resolvers.apply(realm),
                        repository,
                        writes));
    }

    private MembershipNames read(String appId) {
        try {
            return repository.namesOf(appId);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "External users: the roles and groups of app user %s could not be read, the user has none of "
                            + "them in this request: %s",
                    appId, e.getMessage());
            return MembershipNames.NONE;
        }
    }
}
