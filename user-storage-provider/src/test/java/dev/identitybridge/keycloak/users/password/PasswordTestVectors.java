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

    private PasswordTestVectors() {
    }

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
        try (InputStream in = PasswordTestVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Vector> vectors = new ArrayList<>();
            boolean header = false;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (!header) {
                    if (!line.equals(HEADER)) {
                        throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + line);
                    }
                    header = true;
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IllegalStateException("expected 4 columns in " + RESOURCE + ": " + line);
                }
                vectors.add(new Vector(HashFormat.valueOf(f[0]), f[1], f[2], f[3]));
            }
            return List.copyOf(vectors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
