package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Switched on in routing.lead, every lead is also e-mailed to staff with the same templates. */
@BridgeTest
@TestPropertySource(
        properties = {
            "routing.lead=salesforce-lead,lead-email",
            BridgeTest.MAIL,
            "staff-email.recipients.lead-email.to=sales@shop.example",
            BridgeTest.FAST_POLL
        })
class LeadEmailTest {

    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("mail.port", () -> SMTP_PORT);
    }

    @Test
    void shouldAlsoMailStaffAboutALeadWhenSwitchedOn() throws Exception {
        new WebhookClient(port).postSigned(SignedRequest.LEAD);

        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates().equals(List.of("lead-email:delivered", "salesforce-lead:held")));
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).startsWith("Lead: David Garcia, ");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("sales@shop.example");
    }
}
