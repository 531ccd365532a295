package io.neoagent.bridge.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The bridge against an SMTP server (GreenMail) that requires a login as {@code bridge} with
 * {@code right-password}; each subclass sets {@code mail.password}.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.MAIL,
            "mail.username=bridge",
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            BridgeTest.FAST_POLL
        })
abstract class SmtpServerWithLogin {

    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("bridge", "right-password"))
            .withPerMethodLifecycle(false);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mail.port", () -> SMTP_PORT);
    }

    HttpResponse<String> sendAppointment() {
        return new WebhookClient(port)
                .post(SignedRequest.of(SignedRequest.LEAD.replace("\"Lead\"", "\"Appointment\""))
                        .at(Instant.now()));
    }
}
