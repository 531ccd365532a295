package io.neoagent.bridge.inbox;

import io.neoagent.bridge.TestPostgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The inbox repository on a PostgreSQL inbox. */
@EnabledIfEnvironmentVariable(
        named = TestPostgres.URL_VARIABLE,
        matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE
                + " (as .ci/run does) to run on PostgreSQL")
@Import(TestPostgres.CleanSchema.class)
class InboxRepositoryOnPostgresTest extends InboxRepositoryContract {

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry, "bridge_repository_test");
    }
}
