package io.neoagent.bridge.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Everything the bridge logs while it accepts, rejects, delivers and fails to deliver events that carry an
 * e-mail address and a phone number: neither appears, nor do the key or a signature.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.MAIL,
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            BridgeTest.FAST_POLL
        })
class PersonalDataInLogsTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    static final String EMAIL = "private.person@example.org";
    static final String PHONE = "+44 20 7946 0958";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
        registry.add("mail.port", () -> SMTP_PORT);
    }

    private static String event(String type) {
        return "{\"SerialNumber\":\"bot\",\"Type\":\"" + type + "\",\"FirstName\":\"Pat\",\"LastName\":\"Private\","
                + "\"Email\":\"" + EMAIL + "\",\"PhoneNumber\":\"" + PHONE + "\",\"Content\":\"call me at " + PHONE
                + " or " + EMAIL + "\",\"ID session\":7}";
    }

    @Test
    void shouldLogNoEmailAddressPhoneNumberKeyOrSignature(CapturedOutput output) {
        SALESFORCE.answerLeads(
                400,
                "[{\"message\":\"invalid email address: " + EMAIL + " / " + PHONE
                        + "\",\"errorCode\":\"INVALID_EMAIL_ADDRESS\"}]");
        WebhookClient webhook = new WebhookClient(port);
        SignedRequest lead = SignedRequest.of(event("Lead")).at(Instant.now());
        webhook.post(lead);
        webhook.postSigned(event("Appointment"));
        webhook.post(SignedRequest.of(event("Lead")).signedWith("wrong").at(Instant.now()));
        webhook.postSigned(event("Lead").replace("\"ID session\":7", "\"ID session\":{}"));

        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        inbox.deliveryStates().equals(List.of("salesforce-lead:dead", "appointment-email:delivered")));

        // the outcome is logged just after it is committed
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getAll())
                        .contains("Delivery", "dead", "INVALID_EMAIL_ADDRESS", "Rejected webhook request"));
        assertThat(output.getAll())
                .doesNotContain(EMAIL, PHONE, "7946 0958", "79460958", SignedRequest.KEY, lead.signatureHex());
    }
}
