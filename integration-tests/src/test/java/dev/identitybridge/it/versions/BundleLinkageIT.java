package dev.identitybridge.it.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every method, constructor and field of another library the bundle's classes call (as the compiler recorded them:
 * owner, name, descriptor) exists in each matrix distribution's jars, looked up through the class hierarchy. The
 * version matrix runs the paths it tests; this covers the paths it does not (a method only 26.7 has, such as the
 * record accessor {@code AuthResult.user()}, is reported for 26.4 here). The one exception: the classes of
 * {@link #LOADED_FROM_26_7} are loaded only where Keycloak 26.7's own API is there (they say when), so their references
 * are checked on 26.7 only. No server is started.
 */
@Tag("versions")
class BundleLinkageIT {

    /** Classes of the bundle that are loaded only on Keycloak 26.7 and later, and why. */
    private static final Map<String, String> LOADED_FROM_26_7 = Map.of(
            "dev.identitybridge.keycloak.events.AsyncCommitCallback",
            "registered only where Keycloak's AsyncCommitIntegrator is (26.7+), with Hibernate 7.2's completion callbacks");

    private static final Pattern CLASS_HEADER =
            Pattern.compile("(?m)^[\\w ]*(?:class|interface) (dev\\.identitybridge\\.[\\w.$]+)");
    private static final Pattern REFERENCE =
            Pattern.compile("// (Method|InterfaceMethod|Field) ([\\w/$]+)\\.(\"?[\\w$<>]+\"?):(\\S+)");

    @ParameterizedTest
    @ValueSource(strings = {"keycloak.matrix.26-4", "keycloak.matrix.26-5", "keycloak.matrix.26-7"})
    void everyReferenceOfTheBundleResolvesOnTheDistribution(String versionProperty) throws Exception {
        Path home = KeycloakServer.pristineHome(System.getProperty(versionProperty));
        Map<String, Set<String>> referencing =
                references(Path.of(System.getProperty("keycloak.home"), "providers", "identity-bridge-keycloak.jar"));
        assertThat(referencing)
                .as("references of the bundle to other libraries")
                .hasSizeGreaterThan(100);
        assertThat(referencing.values().stream().flatMap(Set::stream))
                .as("the classes loaded on 26.7 only are in the bundle")
                .contains(LOADED_FROM_26_7.keySet().toArray(String[]::new));
        boolean atLeast26_7 = !KeycloakServer.version(home).matches("26\\.[0-6]\\..*");
        List<String> unresolved = new ArrayList<>();
        try (URLClassLoader server = serverClassLoader(home)) {
            for (Map.Entry<String, Set<String>> entry : referencing.entrySet()) {
                String reference = entry.getKey();
                if (!atLeast26_7 && LOADED_FROM_26_7.keySet().containsAll(entry.getValue())) {
                    continue;
                }
                if (!resolves(server, reference)) {
                    unresolved.add(reference);
                }
            }
        }
        assertThat(unresolved)
                .as("references missing in Keycloak %s", KeycloakServer.version(home))
                .isEmpty();
    }

    /**
     * {@code kind owner name descriptor} of every reference outside the JDK and the bundle, from javap's listing, with
     * the bundle's classes that make it.
     */
    private static Map<String, Set<String>> references(Path jar) throws IOException {
        Path classes = Files.createTempDirectory("bundle-classes");
        List<String> files = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().endsWith(".class") && entry.getName().startsWith("dev/")) {
                    Path file = classes.resolve(entry.getName());
                    Files.createDirectories(file.getParent());
                    Files.copy(zip.getInputStream(entry), file);
                    files.add(file.toString());
                }
            }
        }
        StringWriter out = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of("-c", "-p"));
        arguments.addAll(files);
        int exit = ToolProvider.findFirst("javap")
                .orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(new StringWriter()), arguments.toArray(String[]::new));
        assertThat(exit).as("javap").isZero();
        Map<String, Set<String>> references = new TreeMap<>();
        for (String listing : out.toString().split("(?m)^Compiled from ")) {
            Matcher header = CLASS_HEADER.matcher(listing);
            if (!header.find()) {
                continue;
            }
            Matcher m = REFERENCE.matcher(listing);
            while (m.find()) {
                String owner = m.group(2);
                if (!owner.startsWith("java/") && !owner.startsWith("dev/identitybridge/") && !owner.startsWith("[")) {
                    references
                            .computeIfAbsent(
                                    m.group(1) + " " + owner.replace('/', '.') + " "
                                            + m.group(3).replace("\"", "") + " " + m.group(4),
                                    r -> new TreeSet<>())
                            .add(header.group(1));
                }
            }
        }
        return references;
    }

    private static URLClassLoader serverClassLoader(Path home) throws IOException {
        List<URL> jars = new ArrayList<>();
        for (String dir : List.of("lib/lib/main", "lib/lib/boot")) {
            try (Stream<Path> files = Files.list(home.resolve(dir))) {
                for (Path jar : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar"))::iterator) {
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        return new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static boolean resolves(ClassLoader loader, String reference) {
        String[] r = reference.split(" ");
        try {
            return declares(Class.forName(r[1], false, loader), r[0], r[2], r[3]);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether {@code type} or one of its supertypes declares the member. */
    private static boolean declares(Class<?> type, String kind, String name, String descriptor) {
        Deque<Class<?>> queue = new ArrayDeque<>(List.of(type, Object.class));
        Set<Class<?>> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Class<?> k = queue.poll();
            if (!seen.add(k)) {
                continue;
            }
            if (kind.equals("Field")) {
                if (Arrays.stream(k.getDeclaredFields())
                        .anyMatch(f -> f.getName().equals(name)
                                && descriptor(f.getType()).equals(descriptor))) {
                    return true;
                }
            } else if (name.equals("<init>")) {
                return Arrays.stream(k.getDeclaredConstructors())
                        .anyMatch(c -> descriptor(c).equals(descriptor));
            } else if (Arrays.stream(k.getDeclaredMethods())
                    .anyMatch(m -> m.getName().equals(name) && descriptor(m).equals(descriptor))) {
                return true;
            }
            if (k.getSuperclass() != null) {
                queue.add(k.getSuperclass());
            }
            queue.addAll(Arrays.asList(k.getInterfaces()));
        }
        return false;
    }

    private static String descriptor(Method m) {
        return parameters(m.getParameterTypes()) + descriptor(m.getReturnType());
    }

    private static String descriptor(Constructor<?> c) {
        return parameters(c.getParameterTypes()) + "V";
    }

    private static String parameters(Class<?>[] types) {
        StringBuilder s = new StringBuilder("(");
        for (Class<?> t : types) {
            s.append(descriptor(t));
        }
        return s.append(')').toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (!type.isPrimitive()) {
            return "L" + type.getName().replace('.', '/') + ";";
        }
        return switch (type.getName()) {
            case "int" -> "I";
            case "long" -> "J";
            case "boolean" -> "Z";
            case "void" -> "V";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "double" -> "D";
            default -> "F";
        };
    }
}
