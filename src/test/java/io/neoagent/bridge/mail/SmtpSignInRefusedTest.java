package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.inbox.InboxRows;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.TestPropertySource;

/**
 * A wrong SMTP password shows in the log as the bridge starts, with the server's reason and without the
 * password; the bridge still starts and accepts, and the appointment waits in the inbox, retrying.
 */
@TestPropertySource(properties = "mail.password=wrong-password-value")
class SmtpSignInRefusedTest extends SmtpServerWithLogin {

    @Test
    void shouldWarnAtStartUpWithTheServersReasonAndKeepTheAppointment(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(output.getAll())
                                .contains(
                                        "Could not log in to the SMTP server 127.0.0.1:" + SMTP_PORT
                                                + " (e-mails wait in the inbox and are retried): SMTP AuthenticationFailedException: 535"));

        assertThat(sendAppointment().body()).isEqualTo("{\"status\":\"success\"}");
        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(output.getAll()).doesNotContain("wrong-password-value");
    }
}
