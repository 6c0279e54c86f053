package dev.identitybridge.keycloak.events;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The user store is reached through its seam, {@code users.api}, only: the rest of the users module is its own business. */
class UsesOnlyTheUserStoreSeamTest {

    private static final String SEAM = "dev.identitybridge.keycloak.users.api";
    private static final JavaClasses MODULE = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.identitybridge.keycloak.events");

    @Test
    void dependsOnNothingOfTheUsersModuleButItsSeam() {
        noClasses()
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.identitybridge.keycloak.users..").and(not(resideInAPackage(SEAM + ".."))))
                .because("users.api is the user store's seam; jdbc, config and the provider are implementation details")
                .check(MODULE);
    }

    /** The rule above sees this module's dependencies on the users module (it cannot pass for want of any). */
    @Test
    void theSeamIsUsed() {
        assertThat(MODULE.stream()
                        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                        .map(d -> d.getTargetClass().getPackageName()))
                .contains(SEAM);
    }
}
