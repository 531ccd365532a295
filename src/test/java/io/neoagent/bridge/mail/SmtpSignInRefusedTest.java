package io.neoagent.bridge.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wrong SMTP password shows in the log as the bridge starts, with the server's reason and without the
 * password; the bridge still starts and accepts, and the appointment waits in the inbox, retrying.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "neoagent.signing-keys=" + SignedRequest.KEY,
        "mail.host=127.0.0.1",
        "mail.security=none",
        "mail.username=bridge",
        "mail.password=wrong-password-value",
        "mail.from=bridge@bridge.example",
        "staff-email.recipients.appointment-email.to=desk@shop.example",
        "delivery.poll-interval=100ms"})
class SmtpSignInRefusedTest {

    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("bridge", "right-password"))
            .withPerMethodLifecycle(false);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestSupport.sqliteInbox(registry);
        registry.add("mail.port", () -> SMTP_PORT);
    }

    @Test
    void shouldWarnAtStartUpWithTheServersReasonAndKeepTheAppointment(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getAll())
                .contains("Could not log in to the SMTP server 127.0.0.1:" + SMTP_PORT
                        + " (e-mails wait in the inbox and are retried): SMTP AuthenticationFailedException"));

        assertThat(new WebhookClient(port).post(SignedRequest.of(SignedRequest.LEAD.replace("\"Lead\"", "\"Appointment\""))
                .at(Instant.now())).body()).isEqualTo("{\"status\":\"success\"}");
        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(output.getAll()).doesNotContain("wrong-password-value");
    }
}
