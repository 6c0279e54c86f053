package dev.identitybridge.it.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Re-hash on login as an attacker would try it, against a real Keycloak, once per app database: a stored hash
 * stronger than the configured one is never rewritten with the weaker configuration; a bcrypt match on the first
 * 72 bytes of a longer password never moves the account to another algorithm; a stored hash above the server's
 * maximum cost is refused without computing it. Controls: weaker hashes are rewritten, so re-hash is on.
 * The component writes Argon2id m=19456, t=2, p=1 (the defaults) and re-hashes on login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RehashAbuseSuite extends DatabaseLegSuite {

    static final String PASSWORD = "Rehash-Passw0rd!";
    /** 88 bytes: bcrypt reads the first 72. */
    static final String LONG_PASSWORD = "Long-Passw0rd-".repeat(6) + "tail";
    /** Written by the provider's own hasher (PasswordHasher) with the costs in their names. */
    static final String ARGON2ID_T3 =
            "$argon2id$v=19$m=19456,t=3,p=1$yeMBh5bLcJXnXv2uLugcUw$eYe7ZTehqQMv51v6qFXYUFLJ75wZ906Q0ISbVh5k88k";

    static final String ARGON2ID_T1 =
            "$argon2id$v=19$m=19456,t=1,p=1$rGdJBgussphc7xxjaVQZsA$yaLvEtRwN9EBVneDpOlCPh8S96NvT3ZLyrG/pxISJpA";
    static final String BCRYPT_4 = "$2b$04$z1igNSQf0gpzIYNtFCQHdOh5pvqcsZWTFrV.fFYHVFNZXKWyjl48y";
    static final String BCRYPT_4_LONG = "$2b$04$06tGMKOjH.yGxUqAentrq.Wx1f0cGslrxFwQ6dlvONr3rHbFnk7lu";
    /** 1 GiB and 100 passes: minutes of work and a gigabyte of heap if it were computed. */
    static final String ARGON2ID_HUGE =
            "$argon2id$v=19$m=1048576,t=100,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    /** bcrypt cost 20: about a minute per verification. */
    static final String BCRYPT_20 = "$2b$20$06tGMKOjH.yGxUqAentrq.Wx1f0cGslrxFwQ6dlvONr3rHbFnk7lu";

    /** Keycloak 26's answer to a password grant with wrong credentials: 400 {@code invalid_grant}. */
    private static final int REFUSED = 400;

    private KeycloakServer server;
    private OidcClient oidc;
    private AppDatabase db;
    private String realm;

    @BeforeAll
    void setUp() throws Exception {
        server = KeycloakServer.shared();
        KeycloakAdmin admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        db = databaseLeg.appDatabase("h3_rehash_abuse");
        db.recreate();
        db.applyReferenceSchema();
        realm = "it-" + leg() + "-rehash-abuse";
        admin.createRealm(realm);
        Map<String, String> config = new HashMap<>();
        config.put("jdbcUrl", db.keycloakJdbcUrl());
        config.put("dbUser", db.user());
        config.put("dbPassword", db.password());
        config.put("poolMinSize", "1");
        config.put("poolMaxSize", "4");
        config.put("cachePolicy", "NO_CACHE");
        config.put("editMode", "WRITABLE");
        config.put("syncRegistrations", "false");
        config.put("rehashOnLogin", "true");
        config.put("passwordHashAlgorithm", "argon2id");
        admin.createComponent(realm, "app users", config);
    }

    @Test
    void aStrongerArgon2idIsNotRewrittenWithTheWeakerConfiguration() throws Exception {
        insert("strong-t3", ARGON2ID_T3);
        login("strong-t3", PASSWORD, 200);
        assertThat(storedHash("strong-t3")).isEqualTo(ARGON2ID_T3);
    }

    @Test
    void aWeakerArgon2idIsRewritten() throws Exception {
        insert("weak-t1", ARGON2ID_T1);
        login("weak-t1", PASSWORD, 200);
        assertThat(storedHash("weak-t1")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        login("weak-t1", PASSWORD, 200);
    }

    @Test
    void aShortBcryptPasswordIsMovedToArgon2id() throws Exception {
        insert("bcrypt-short", BCRYPT_4);
        login("bcrypt-short", PASSWORD, 200);
        assertThat(storedHash("bcrypt-short")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    /**
     * bcrypt compares the first 72 bytes only: the full password and one with another tail both log in (bcrypt's
     * semantics, as in the app), and neither makes the longer typed password the account's Argon2id password.
     */
    @Test
    void aBcryptMatchOnTheFirst72BytesIsNeverRehashed() throws Exception {
        assertThat(LONG_PASSWORD.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);
        insert("bcrypt-long", BCRYPT_4_LONG);
        login("bcrypt-long", LONG_PASSWORD, 200);
        assertThat(storedHash("bcrypt-long")).isEqualTo(BCRYPT_4_LONG);

        String otherTail = LONG_PASSWORD.substring(0, 72) + "attacker-chosen";
        login("bcrypt-long", otherTail, 200);
        assertThat(storedHash("bcrypt-long")).isEqualTo(BCRYPT_4_LONG);
        login("bcrypt-long", LONG_PASSWORD, 200);
        login("bcrypt-long", LONG_PASSWORD.substring(0, 71), REFUSED);
    }

    @Test
    void hashesAboveTheServersMaximumCostAreRefusedWithoutHashing() throws Exception {
        insert("huge-argon2", ARGON2ID_HUGE);
        insert("huge-bcrypt", BCRYPT_20);
        long logSizeBefore = Files.size(server.logFile());

        assertThat(timedLogin("huge-argon2", PASSWORD)).isLessThan(Duration.ofSeconds(5));
        assertThat(timedLogin("huge-bcrypt", PASSWORD)).isLessThan(Duration.ofSeconds(5));
        assertThat(storedHash("huge-argon2")).isEqualTo(ARGON2ID_HUGE);

        String log =
                new String(Files.readAllBytes(server.logFile()), StandardCharsets.UTF_8).substring((int) logSizeBefore);
        assertThat(log)
                .contains("argon2 memory (KiB) 1048576 > ")
                .contains("argon2 iterations 100 > 10")
                .contains("bcrypt cost 20 > 14")
                .contains("login refused without hashing")
                .doesNotContain("c2FsdHNhbHRzYWx0")
                .doesNotContain("06tGMKOjH")
                .doesNotContain(PASSWORD);
        // the server is still fine: a normal user logs in
        insert("after-huge", ARGON2ID_T1);
        login("after-huge", PASSWORD, 200);
    }

    private Duration timedLogin(String username, String password) {
        long start = System.nanoTime();
        login(username, password, REFUSED);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void login(String username, String password, int expected) {
        HttpResponse<String> response = oidc.passwordGrant(realm, username, password);
        assertThat(response.statusCode()).as(username + ": " + response.body()).isEqualTo(expected);
        if (expected == REFUSED) {
            assertThat(response.body()).contains("\"invalid_grant\"");
        }
    }

    private void insert(String username, String hash) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO users (id, username, email, email_verified, first_name, "
                                + "last_name, enabled, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, username);
            ps.setString(3, username + "@example.org");
            ps.setBoolean(4, true);
            ps.setString(5, "Re");
            ps.setString(6, "Hash");
            ps.setBoolean(7, true);
            ps.setString(8, hash);
            ps.executeUpdate();
        }
    }

    private String storedHash(String username) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(username).isTrue();
                return rs.getString(1);
            }
        }
    }
}
