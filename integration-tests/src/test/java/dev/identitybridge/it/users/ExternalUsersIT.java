package dev.identitybridge.it.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.DemoUsers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ExternalUsersSuite} on each database leg that {@code -Dit.databases} asks for. */
class ExternalUsersIT {

    @Nested
    @Tag("h2")
    class H2 extends ExternalUsersSuite {

        /** H2 is the leg whose database checks passwords here (the local PostgreSQL and MariaDB trust or use none). */
        @Test
        void databasePasswordCanComeFromTheVault() throws Exception {
            db.execute("CREATE USER IF NOT EXISTS VAULT_READER PASSWORD 'from-the-vault' ADMIN");
            server.putVaultSecret(realm, "app_db_password", "from-the-vault");
            Map<String, String> config = baseConfig();
            config.put("dbUser", "VAULT_READER");

            config.put("dbPassword", "${vault.no_such_secret}");
            HttpResponse<String> refused = admin.postComponent(realm, "vaulted", config);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("Cannot reach the app database");

            config.put("dbPassword", "${vault.app_db_password}");
            String id = admin.createComponent(realm, "vaulted", config);
            try {
                // the stored config keeps the reference, never the secret
                assertThat(admin.getJson("/realms/" + realm + "/components/" + id)
                                .toString())
                        .doesNotContain("from-the-vault");
                assertThat(admin.getJson("/realms/" + realm + "/users?search="
                                + DemoUsers.named("erin").username()))
                        .hasSize(2);
            } finally {
                admin.delete("/realms/" + realm + "/components/" + id);
            }
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends ExternalUsersSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends ExternalUsersSuite {}
}
