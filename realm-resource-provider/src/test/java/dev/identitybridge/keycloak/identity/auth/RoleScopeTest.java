package dev.identitybridge.keycloak.identity.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.identity.auth.RoleScope.Claim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.AccessToken;

/** A role counts only when granted AND within the token's scope, as in Keycloak's admin API. */
class RoleScopeTest {

    private static final Permission RESOLVE = new Permission("identity-bridge", "resolve-users");

    @Test
    void readsTheRoleFromTheTokensResourceAccess() {
        AccessToken token = new AccessToken();
        assertThat(RoleScope.of(token, RESOLVE)).isEqualTo(Claim.TOKEN_HAS_NO_CLIENT_ROLES);
        assertThat(RoleScope.of(null, RESOLVE)).isEqualTo(Claim.TOKEN_HAS_NO_CLIENT_ROLES);

        token.addAccess("account").addRole("manage-account");
        assertThat(RoleScope.of(token, RESOLVE)).as("other clients' roles only").isEqualTo(Claim.NOT_IN_TOKEN);

        token.addAccess("identity-bridge").addRole("other-role");
        assertThat(RoleScope.of(token, RESOLVE)).isEqualTo(Claim.NOT_IN_TOKEN);

        token.addAccess("identity-bridge").addRole("resolve-users");
        assertThat(RoleScope.of(token, RESOLVE)).isEqualTo(Claim.IN_TOKEN);
        assertThat(RoleScope.of(token, new Permission("realm-management", "resolve-users")))
                .as("same name, other client")
                .isEqualTo(Claim.NOT_IN_TOKEN);
    }

    @ParameterizedTest(name = "granted {0}, token {1}, client scope {2} -> {3}")
    @CsvSource({
        "true,  IN_TOKEN,                  false, true",
        "true,  IN_TOKEN,                  true,  true",
        "true,  NOT_IN_TOKEN,              true,  false",
        "true,  NOT_IN_TOKEN,              false, false",
        "true,  TOKEN_HAS_NO_CLIENT_ROLES, true,  true",
        "true,  TOKEN_HAS_NO_CLIENT_ROLES, false, false",
        "false, IN_TOKEN,                  true,  false",
        "false, NOT_IN_TOKEN,              true,  false",
        "false, TOKEN_HAS_NO_CLIENT_ROLES, true,  false",
    })
    void grantedAndInScope(boolean granted, Claim claim, boolean clientHasScope, boolean allowed) {
        assertThat(RoleScope.allows(granted, claim, clientHasScope)).isEqualTo(allowed);
    }
}
