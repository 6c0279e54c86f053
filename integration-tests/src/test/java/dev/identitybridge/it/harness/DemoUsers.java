package dev.identitybridge.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The demo data set shipped with the reference schema (one user per hash format), read from the bundle's classpath. */
public final class DemoUsers {

    public static final String PASSWORD = "Demo-Passw0rd!";
    private static final String CSV = "META-INF/identity-bridge/db/demo-users.csv";

    public record DemoUser(
            String id,
            String username,
            String email,
            boolean emailVerified,
            String firstName,
            String lastName,
            boolean enabled,
            String passwordHash) {

        public boolean legacyHash() {
            return passwordHash.startsWith("{SSHA");
        }

        @Override
        public String toString() {
            return username + " (" + passwordHash.substring(0, Math.min(12, passwordHash.length())) + "…)";
        }
    }

    private DemoUsers() {}

    public static List<DemoUser> all() {
        try (InputStream in = DemoUsers.class.getClassLoader().getResourceAsStream(CSV)) {
            if (in == null) {
                throw new IllegalStateException(CSV + " is not on the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<DemoUser> users = new ArrayList<>();
            reader.readLine(); // header
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = split(line);
                users.add(new DemoUser(
                        f.get(0),
                        f.get(1),
                        f.get(2),
                        Boolean.parseBoolean(f.get(3)),
                        f.get(4),
                        f.get(5),
                        Boolean.parseBoolean(f.get(6)),
                        f.get(7)));
            }
            return users;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DemoUser named(String username) {
        return all().stream()
                .filter(u -> u.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    /** Comma-separated fields, double quotes around fields that contain commas ("" for a quote). */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
