package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.LeadBridgeApplication;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Message-IDs are unique beyond one inbox: two bridges on two fresh inbox files (staging and production, or an
 * inbox started anew) number their deliveries from 1 alike, and a mail provider drops a Message-ID it has seen.
 * Each bridge here is a whole application context of its own, on its own SQLite file, sending to one GreenMail.
 */
class StaffEmailMessageIdTest {

    static final int SMTP_PORT = TestSupport.freePort();
    static final Pattern MESSAGE_ID =
            Pattern.compile("<neoagent-appointment-email-(\\d+)\\.([0-9a-f]{32})@bridge\\.example>");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    static final String APPOINTMENT = "{\"SerialNumber\":\"59001dd73709417321c58b11693183a2\",\"Type\":\"Appointment\","
            + "\"FirstName\":\"David\",\"LastName\":\"Garcia\",\"Content\":\"Tuesday 10:00\",\"ID session\":31305}";

    @BeforeEach
    void setUp() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    /** A bridge of its own; arguments, because they outrank the project's application.yaml as in production. */
    private static ConfigurableApplicationContext bridge(Path dataDir) {
        return new SpringApplicationBuilder(LeadBridgeApplication.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--neoagent.signing-keys=" + SignedRequest.KEY,
                        "--neoagent.data-dir=" + dataDir,
                        "--spring.datasource.url=jdbc:sqlite:" + dataDir.resolve("inbox.db"),
                        "--mail.host=127.0.0.1",
                        "--mail.port=" + SMTP_PORT,
                        "--mail.security=none",
                        "--mail.from=bridge@bridge.example",
                        "--staff-email.recipients.appointment-email.to=desk@shop.example",
                        "--delivery.poll-interval=100ms",
                        "--camel.springboot.main-run-controller=false");
    }

    /** Sends the appointment to {@code bridge} and returns the Message-ID its delivery recorded. */
    private static Map<String, Object> deliver(ConfigurableApplicationContext bridge, String appointment) {
        int port = Integer.parseInt(bridge.getEnvironment().getProperty("local.server.port"));
        assertThat(new WebhookClient(port).postSigned(appointment).body()).isEqualTo("{\"status\":\"success\"}");
        InboxRows inbox = new InboxRows(bridge.getBean(JdbcTemplate.class));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryRows().stream().allMatch(row -> "delivered".equals(row.get("state"))));
        List<Map<String, Object>> rows = inbox.deliveryRows();
        return rows.get(rows.size() - 1);
    }

    private static Matcher parts(Object messageId) {
        Matcher parts = MESSAGE_ID.matcher((String) messageId);
        assertThat(parts.matches()).as("Message-ID %s", messageId).isTrue();
        return parts;
    }

    @Test
    void shouldGiveTheSameFirstDeliveryOfTwoFreshInboxesDifferentMessageIds() throws Exception {
        Path staging = Files.createTempDirectory("bridge-staging-");
        Path production = Files.createTempDirectory("bridge-production-");
        Map<String, Object> fromStaging;
        Map<String, Object> fromProduction;
        try (ConfigurableApplicationContext one = bridge(staging);
                ConfigurableApplicationContext two = bridge(production)) {
            fromStaging = deliver(one, APPOINTMENT);
            fromProduction = deliver(two, APPOINTMENT);
        }

        // both are delivery 1 of their inbox: the delivery id alone does not tell them apart
        assertThat(fromStaging.get("id")).isEqualTo(fromProduction.get("id")).isEqualTo(1);
        assertThat(fromStaging.get("result_id")).isNotEqualTo(fromProduction.get("result_id"));
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(StaffEmailMessageIdTest::messageId))
                .containsExactlyInAnyOrder(
                        (String) fromStaging.get("result_id"), (String) fromProduction.get("result_id"));
        assertThat(parts(fromStaging.get("result_id")).group(1)).isEqualTo("1");
        assertThat(parts(fromStaging.get("result_id")).group(2))
                .isNotEqualTo(parts(fromProduction.get("result_id")).group(2));
    }

    @Test
    void shouldKeepTheInboxPartOfTheMessageIdAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("bridge-restarted-");
        Map<String, Object> before;
        try (ConfigurableApplicationContext bridge = bridge(dataDir)) {
            before = deliver(bridge, APPOINTMENT);
        }
        Map<String, Object> after;
        try (ConfigurableApplicationContext bridge = bridge(dataDir)) {
            after = deliver(bridge, APPOINTMENT.replace("Tuesday", "Wednesday"));
        }

        assertThat(parts(after.get("result_id")).group(2))
                .isEqualTo(parts(before.get("result_id")).group(2));
        assertThat(parts(after.get("result_id")).group(1)).isEqualTo("2");
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
