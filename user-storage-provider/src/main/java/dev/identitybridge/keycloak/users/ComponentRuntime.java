package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.jdbc.ExternalUserRepository;
import dev.identitybridge.keycloak.users.password.DummyVerification;
import dev.identitybridge.keycloak.users.password.PasswordHashVerifier;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import io.agroal.api.AgroalDataSource;

/**
 * What one {@code external-users} component needs at run time, built once per configuration: the parsed
 * config, its connection pool and the services on top of it. Shared by all requests; immutable.
 */
record ComponentRuntime(ExternalUsersConfig config, AgroalDataSource dataSource, ExternalUserRepository repository,
                        PasswordHashVerifier passwordVerifier, PasswordHasher passwordHasher,
                        DummyVerification dummyVerification) {
}
