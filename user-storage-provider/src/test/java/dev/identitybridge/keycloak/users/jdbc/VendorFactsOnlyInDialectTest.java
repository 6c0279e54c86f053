package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What differs per database lives in {@link Dialect}: no other class picks a vendor by its constant, and no other
 * source holds a vendor's error codes or DDL types; the vendor facts kept beside it (URL syntax, parameter allow-lists)
 * are reached only through it. Each check first proves it sees what it looks for (in Dialect
 * itself), so that it cannot pass for want of input.
 */
class VendorFactsOnlyInDialectTest {

    private static final Set<String> VENDORS =
            Arrays.stream(Dialect.values()).map(Enum::name).collect(java.util.stream.Collectors.toSet());
    /** Vendor facts kept beside Dialect (to keep it readable) that only Dialect may hand out. */
    private static final Set<Class<?>> DIALECT_FACTS = Set.of(UrlParameterAllowLists.class, H2UrlSyntax.class);
    /** Vendor error codes and DDL types as they appear in string or number literals. */
    private static final Pattern VENDOR_LITERAL = Pattern.compile(
            "\"(23505|42P01|3F000|42S02|42601|57P01|57P03|53300|90028|90031|90067|90079|DATETIME\\(3\\))\"|\\b(1062|1146|1064|42102|42104)\\b");

    @Test
    void noOtherClassPicksAVendor() {
        JavaClasses classes = mainClasses();
        Set<String> pickers = new TreeSet<>();
        for (JavaClass c : classes) {
            boolean picks = c.getFieldAccessesFromSelf().stream()
                    .anyMatch(a -> a.getTargetOwner().isEquivalentTo(Dialect.class)
                            && VENDORS.contains(a.getTarget().getName()));
            if (picks) {
                pickers.add(c.getName());
            }
        }
        assertThat(pickers)
                .as("Dialect's own vendor bodies pick vendors (the check sees field accesses)")
                .anyMatch(name -> name.startsWith(Dialect.class.getName()));
        assertThat(pickers).allMatch(name -> name.startsWith(Dialect.class.getName()), "is Dialect");
    }

    @Test
    void theVendorFactsBesideDialectAreReachedOnlyThroughIt() {
        JavaClasses classes = mainClasses();
        Set<String> users = new TreeSet<>();
        for (JavaClass c : classes) {
            boolean uses = c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> DIALECT_FACTS.stream()
                            .anyMatch(f -> d.getTargetClass().isEquivalentTo(f)));
            if (uses && DIALECT_FACTS.stream().noneMatch(f -> c.getName().startsWith(f.getName()))) {
                users.add(c.getName());
            }
        }
        assertThat(users)
                .as("Dialect hands them out (the check sees dependencies)")
                .contains(Dialect.class.getName());
        assertThat(users)
                .allMatch(
                        name -> name.equals(Dialect.class.getName()) || name.startsWith(Dialect.class.getName() + "$"),
                        "is Dialect");
    }

    @Test
    void noOtherSourceHoldsVendorErrorCodesOrDdlTypes() throws IOException {
        Path main = Path.of("src/main/java");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(main)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        Path dialect = main.resolve(Dialect.class.getName().replace('.', '/') + ".java");
        assertThat(sources).contains(dialect).hasSizeGreaterThan(50);
        assertThat(literals(dialect))
                .as("the codes are found where they live")
                .contains("\"23505\"", "\"42P01\"", "1062", "1146", "\"57P01\"", "\"90067\"", "\"DATETIME(3)\"");
        for (Path source : sources) {
            if (!source.equals(dialect)) {
                assertThat(literals(source)).as(source.toString()).isEmpty();
            }
        }
    }

    private static JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.identitybridge.keycloak.users");
    }

    /** Vendor literals in code, comments left out (they may explain a vendor's behaviour). */
    private static List<String> literals(Path source) throws IOException {
        String code = Files.readString(source).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher m = VENDOR_LITERAL.matcher(code);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
