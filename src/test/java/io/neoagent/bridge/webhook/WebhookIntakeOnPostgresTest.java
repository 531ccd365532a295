package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.TestPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The webhook contract on a PostgreSQL inbox (the local server in CI), and what only PostgreSQL can show: a
 * database that stops answering (a table lock held elsewhere, which the driver waits on without limit).
 */
@EnabledIfEnvironmentVariable(
        named = TestPostgres.URL_VARIABLE,
        matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE
                + " (as .ci/run does) to run on PostgreSQL")
@Import(TestPostgres.CleanSchema.class)
@TestPropertySource(properties = "inbox.commit-timeout=1s")
class WebhookIntakeOnPostgresTest extends WebhookIntakeContract {

    static final String SCHEMA = "bridge_intake_test";

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry, SCHEMA);
    }

    @Test
    void shouldAnswer503AfterTheCommitTimeoutWhileTheDatabaseDoesNotAnswerAndStoreTheRetryOnce() throws Exception {
        String body = event("Lead", "Locked");
        try (Connection locker = DriverManager.getConnection(TestPostgres.url())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + SCHEMA + ".inbox_event IN ACCESS EXCLUSIVE MODE");
            }
            // answered while the lock is still held: the request did not wait for the database
            HttpResponse<String> refused = webhook.post(signedNow(body));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body())
                    .isEqualTo(
                            "{\"status\":\"error\",\"message\":\"the inbox cannot store events right now; retry later\"}");
            locker.rollback();
        }

        // neoagent's retry: stored once, whether or not the commit that was under way went through in the end
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(webhook.post(signedNow(body)).body()).isEqualTo(SUCCESS));
        assertThat(inbox.events()).isEqualTo(1);
    }

    @Test
    void shouldBoundEveryWaitOnThePostgresDriver() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).as("socket timeout, ms").isEqualTo(60_000);
        }
    }
}
