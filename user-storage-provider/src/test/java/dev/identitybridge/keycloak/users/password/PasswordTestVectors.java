package dev.identitybridge.keycloak.users.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The hashes in {@code password-vectors/vectors.tsv}, written by other implementations (see its README.md). */
final class PasswordTestVectors {

    static final String RESOURCE = "/password-vectors/vectors.tsv";
    private static final String HEADER = "format\tpassword\thash\tproducer";

    /** One row of the TSV. */
    record Vector(HashFormat format, String password, String hash, String producer) {
        @Override
        public String toString() {
            return format + " by " + producer;
        }
    }

    private static final List<Vector> ALL = load();

    private PasswordTestVectors() {}

    static List<Vector> all() {
        return ALL;
    }

    static List<Vector> where(Predicate<Vector> filter) {
        return ALL.stream().filter(filter).toList();
    }

    /** The first vector of a format (for building variants of real hashes). */
    static Vector first(HashFormat format) {
        return ALL.stream().filter(v -> v.format() == format).findFirst().orElseThrow();
    }

    private static List<Vector> load() {
        return rows(RESOURCE, HEADER).stream()
                .map(f -> new Vector(HashFormat.valueOf(f[0]), f[1], f[2], f[3]))
                .toList();
    }

    /**
     * The rows of a TSV fixture: {@code #} comment lines and blank lines skipped, the header checked, every row split
     * into as many columns as the header has.
     */
    static List<String[]> rows(String resource, String header) {
        int columns = header.split("\t", -1).length;
        try (InputStream in = PasswordTestVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            boolean headerSeen = false;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (!headerSeen) {
                    if (!line.equals(header)) {
                        throw new IllegalStateException("unexpected header in " + resource + ": " + line);
                    }
                    headerSeen = true;
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != columns) {
                    throw new IllegalStateException("expected " + columns + " columns in " + resource + ": " + line);
                }
                rows.add(f);
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
