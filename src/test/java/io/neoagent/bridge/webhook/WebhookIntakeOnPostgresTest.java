package io.neoagent.bridge.webhook;

import io.neoagent.bridge.TestPostgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The webhook contract on a PostgreSQL inbox (the local server in CI). */
@EnabledIfEnvironmentVariable(named = TestPostgres.URL_VARIABLE, matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE + " (as .ci/run does) to run on PostgreSQL")
@Import(TestPostgres.CleanSchema.class)
class WebhookIntakeOnPostgresTest extends WebhookIntakeContract {

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry, "bridge_intake_test");
    }
}
