package io.neoagent.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.concurrent.TimeUnit;

/**
 * A test that sleeps is slow where the machine is fast and flaky where it is loaded: tests (and the bench's
 * helpers beside them) wait for the condition itself (Awaitility), a latch, or a stand-in that holds its
 * reply until released.
 */
@AnalyzeClasses(packages = "io.neoagent", importOptions = ImportOption.OnlyIncludeTests.class)
class TestsDoNotSleepTest {

    @ArchTest
    static final ArchRule testsShouldWaitForAConditionInsteadOfSleeping = noClasses()
            .should()
            .callMethod(Thread.class, "sleep", long.class)
            .orShould()
            .callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould()
            .callMethod(TimeUnit.class, "sleep", long.class)
            .because("a test waits for what it expects (Awaitility, a latch, a held reply), not for time");
}
