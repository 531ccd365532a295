package io.neoagent.bridge.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.LeadBridgeApplication;
import io.neoagent.bridge.TestPostgres;
import io.neoagent.bridge.TestSupport;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The daily digest on a PostgreSQL inbox, where several bridges share one inbox: with a second bridge started on the
 * same schema, both tick and the day's digest is sent once.
 */
@EnabledIfEnvironmentVariable(
        named = TestPostgres.URL_VARIABLE,
        matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE
                + " (as .ci/run does) to run on PostgreSQL")
@Import(TestPostgres.CleanSchema.class)
class DailyDigestOnPostgresTest extends DailyDigestContract {

    static final String SCHEMA = "bridge_digest_test";
    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry, SCHEMA);
        shared(registry, SMTP_PORT);
    }

    @Override
    GreenMailExtension smtp() {
        return SMTP;
    }

    @Test
    void shouldSendTheDigestOnceWithTwoBridgesOnOneInbox() throws Exception {
        store(event("pricing-bot", "Lead", "David", "david@example.org", "", null), YESTERDAY, "09:15");
        store(event("clinic-bot", "Appointment", "Ana", "ana@example.org", "", "Monday"), YESTERDAY, "10:30");

        try (ConfigurableApplicationContext other = anotherBridge()) {
            assertThat(other.getBean(DailyDigest.class).enabled()).isTrue();
            assertThat(other.getBean(CamelContext.class)
                            .getRouteController()
                            .getRouteStatus(ROUTE)
                            .isStarted())
                    .isTrue();
            camel.getRouteController().startRoute(ROUTE);

            awaitDigests(1);
            // both bridges tick every 200 ms all the while: neither sends the day again
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> digests().size() == 1);
        }
        assertThat(day(YESTERDAY)).containsEntry("state", "sent").containsEntry("events", 2);
        assertThat(json.readTree(attachment(digests().get(0)))).isEqualTo(json.readTree(dayEvents(YESTERDAY)));
    }

    /** A second bridge on the same inbox and SMTP server, with the same digest settings, its route running. */
    private ConfigurableApplicationContext anotherBridge() throws Exception {
        String[] same = {
            "spring.datasource.url",
            "spring.flyway.schemas",
            "spring.flyway.default-schema",
            "mail.host",
            "mail.port",
            "mail.security",
            "mail.from",
            "digest.to",
            "digest.time",
            "digest.tick",
            "digest.retry-delay",
            "staff-email.time-zone"
        };
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--spring.config.additional-location=optional:classpath:/",
                "--server.port=0",
                "--management.server.port=0",
                "--camel.springboot.main-run-controller=false",
                "--neoagent.data-dir=" + Files.createTempDirectory("bridge-second-")));
        for (String key : same) {
            args.add("--" + key + "=" + environment.getRequiredProperty(key));
        }
        return new SpringApplicationBuilder(LeadBridgeApplication.class)
                .profiles("test")
                .run(args.toArray(String[]::new));
    }
}
