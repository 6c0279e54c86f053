package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo users' hashes (written by other implementations, see password-vectors/generate.sh) all verify. */
class DemoUsersCsvTest {

    private static final String RESOURCE = "/META-INF/identity-bridge/db/demo-users.csv";
    private static final String HEADER = "id,username,email,email_verified,first_name,last_name,enabled,password_hash";
    private static final String PASSWORD = "Demo-Passw0rd!";

    private static final Map<String, HashFormat> FORMATS = Map.of(
            "alice",
            HashFormat.BCRYPT,
            "bob",
            HashFormat.BCRYPT,
            "carol",
            HashFormat.ARGON2ID,
            "dave",
            HashFormat.ARGON2I,
            "erin",
            HashFormat.PBKDF2_SHA256,
            "frank",
            HashFormat.PBKDF2_SHA512,
            "grace",
            HashFormat.SALTED_SHA256,
            "heidi",
            HashFormat.BCRYPT,
            "mallory",
            HashFormat.BCRYPT);

    record DemoUser(String id, String username, String enabled, String passwordHash) {
        @Override
        public String toString() {
            return username;
        }
    }

    static List<DemoUser> demoUsers() throws IOException {
        List<DemoUser> users = new ArrayList<>();
        for (List<String> row : rows().subList(1, rows().size())) {
            assertThat(row).hasSize(8);
            users.add(new DemoUser(row.get(0), row.get(1), row.get(6), row.get(7)));
        }
        return users;
    }

    @Test
    void hasTheExpectedHeaderAndUsers() throws IOException {
        List<List<String>> rows = rows();

        assertThat(String.join(",", rows.get(0))).isEqualTo(HEADER);
        assertThat(demoUsers())
                .extracting(DemoUser::username)
                .containsExactly("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "mallory");
        assertThat(demoUsers())
                .extracting(DemoUser::id)
                .allMatch(id -> id.matches("6f1c2a4e-0001-4000-8000-00000000000[1-9]"));
        assertThat(demoUsers())
                .filteredOn(u -> u.enabled().equals("false"))
                .extracting(DemoUser::username)
                .containsExactly("mallory");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoUsers")
    void everyDemoHashVerifiesWithTheDemoPassword(DemoUser user) {
        PasswordCheck check = new PasswordHashVerifier(true).check(PASSWORD, user.passwordHash());

        assertThat(check).isEqualTo(new PasswordCheck(PasswordCheckOutcome.MATCH, FORMATS.get(user.username())));
        assertThat(new PasswordHashVerifier(true)
                        .check(PASSWORD + "x", user.passwordHash())
                        .matches())
                .isFalse();
    }

    /** Minimal RFC 4180 reader: comma separated, fields optionally in double quotes ("" for a quote). */
    private static List<List<String>> rows() throws IOException {
        String text;
        try (InputStream in = DemoUsersCsvTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }
}
