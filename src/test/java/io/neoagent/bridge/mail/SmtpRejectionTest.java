package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * SMTP replies are judged: 5xx is dead at once with the reason, 4xx is tried again, with the same Message-ID.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.MAIL,
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            BridgeTest.FAST_POLL,
            "delivery.retry.initial-delay=300ms",
            "delivery.retry.multiplier=1.0",
            "delivery.retry.max-delay=300ms",
            "delivery.retry.jitter=0"
        })
class SmtpRejectionTest {

    static final RejectingSmtpServer SMTP;

    static {
        try {
            SMTP = new RejectingSmtpServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("mail.port", SMTP::port);
    }

    @AfterAll
    static void stopSmtp() throws IOException {
        SMTP.close();
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        SMTP.replyToMessagesWith("250 2.0.0 queued");
        SMTP.forgetMessages();
    }

    private void sendAppointment() {
        assertThat(new WebhookClient(port)
                        .post(SignedRequest.of(
                                        "{\"Type\":\"Appointment\",\"FirstName\":\"Ann\",\"Email\":\"ann@example.com\",\"Content\":\"Monday\"}")
                                .at(Instant.now()))
                        .body())
                .isEqualTo("{\"status\":\"success\"}");
    }

    @Test
    void shouldMarkA5xxRejectionDeadWithTheReason() {
        SMTP.replyToRecipientsWith("550 5.1.1 mailbox unavailable");
        sendAppointment();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo("dead"));
        assertThat(inbox.onlyDelivery()).containsEntry("attempts", 1);
        assertThat((String) inbox.onlyDelivery().get("last_error"))
                .startsWith("SMTP 550")
                .contains("mailbox unavailable");
    }

    @Test
    void shouldRetryA4xxRejection() {
        SMTP.replyToRecipientsWith("451 4.3.0 try again later");
        sendAppointment();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat((Integer) inbox.onlyDelivery().get("attempts")).isGreaterThanOrEqualTo(2);
            assertThat((String) inbox.onlyDelivery().get("last_error")).startsWith("SMTP 451");
        });
    }

    @Test
    void shouldSendARetriedEmailWithTheSameMessageId() {
        SMTP.replyToRecipientsWith("250 2.1.5 OK");
        SMTP.replyToMessagesWith("451 4.7.1 greylisted, try again later");
        sendAppointment();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat((String) inbox.onlyDelivery().get("last_error")).startsWith("SMTP 451");
        });

        SMTP.replyToMessagesWith("250 2.0.0 queued");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo("delivered"));
        List<String> sent = SMTP.messageIds();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2).containsOnly((String)
                inbox.onlyDelivery().get("result_id"));
        assertThat(sent.get(0))
                .matches("<neoagent-appointment-email-" + inbox.onlyDelivery().get("id")
                        + "\\.[0-9a-f]{32}@bridge\\.example>");
    }
}
