package io.neoagent.bridge.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * The bridge against an SMTP server (GreenMail) that requires a login as {@code bridge} with
 * {@code right-password}; each subclass sets {@code mail.password}.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "neoagent.signing-keys=" + SignedRequest.KEY,
        "mail.host=127.0.0.1",
        "mail.security=none",
        "mail.username=bridge",
        "mail.from=bridge@bridge.example",
        "staff-email.recipients.appointment-email.to=desk@shop.example",
        "delivery.poll-interval=100ms"})
abstract class SmtpServerWithLogin {

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

    HttpResponse<String> sendAppointment() {
        return new WebhookClient(port).post(SignedRequest.of(SignedRequest.LEAD.replace("\"Lead\"", "\"Appointment\""))
                .at(Instant.now()));
    }
}
