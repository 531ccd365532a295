package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.inbox.InboxRows;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.TestPropertySource;

/**
 * With the e-mail channels configured, the bridge connects and logs in to the SMTP server as it starts, sending
 * nothing: the log says at once that the server and the credentials work. Then it sends with those credentials.
 */
@TestPropertySource(properties = "mail.password=right-password")
class SmtpSignInTest extends SmtpServerWithLogin {

    @Test
    void shouldLogInToTheSmtpServerAtStartUpAndSayItWorks(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(output.getAll())
                        .contains("Connected to the SMTP server 127.0.0.1:" + SMTP_PORT + ", logged in"));
        assertThat(SMTP.getReceivedMessages()).as("the check sends nothing").isEmpty();

        sendAppointment();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(new InboxRows(jdbc).onlyDeliveryState()).isEqualTo("delivered"));
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(output.getAll()).doesNotContain("right-password");
    }
}
