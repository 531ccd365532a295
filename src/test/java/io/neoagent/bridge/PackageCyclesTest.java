package io.neoagent.bridge;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages ({@code webhook}, {@code inbox}, {@code salesforce}, {@code mail}, {@code admin}, ...) depend on
 * each other in one direction only, so each can be read, changed and tested without the others' insides.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.neoagent.bridge");

    @Test
    void shouldHaveNoCycleBetweenFeaturePackages() {
        slices().matching("io.neoagent.bridge.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
