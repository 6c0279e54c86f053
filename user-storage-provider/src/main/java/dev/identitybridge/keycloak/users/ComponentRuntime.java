package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.MembershipRepository;
import dev.identitybridge.keycloak.users.metrics.ComponentMetrics;
import dev.identitybridge.keycloak.users.password.DummyVerification;
import dev.identitybridge.keycloak.users.password.PasswordHashVerifier;
import dev.identitybridge.keycloak.users.password.PasswordHasher;

/**
 * What one {@code external-users} component needs at run time, built once per configuration: the parsed
 * config, its connections (usually a pool of its own), the services on top of it (the users table and its role and
 * group join tables), its edit mode's policy and its
 * meters (closed by {@link ComponentRuntimes} when the runtime is replaced or dropped). Shared by all requests; immutable.
 */
record ComponentRuntime(
        ExternalUsersConfig config,
        AppConnections connections,
        Dialect dialect,
        AppUserRepository repository,
        MembershipRepository memberships,
        PasswordHashVerifier passwordVerifier,
        PasswordHasher passwordHasher,
        DummyVerification dummyVerification,
        EditModePolicy editMode,
        ComponentMetrics metrics) {}
