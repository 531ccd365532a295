package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.WebhookClient;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The appointment-email channel against GreenMail, a real SMTP server on a socket. */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.MAIL,
            "staff-email.time-zone=Europe/Berlin",
            "staff-email.chatbot-names.59001dd73709417321c58b11693183a2=Pricing page bot",
            "staff-email.recipients.appointment-email.to=desk@shop.example, owner@shop.example",
            "staff-email.recipients.appointment-email.chatbots.clinic-bot=clinic@clinic.example",
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES
        })
class AppointmentEmailTest {

    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("mail.port", () -> SMTP_PORT);
    }

    @BeforeEach
    void setUp() throws Exception {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        if (!SMTP.isRunning()) {
            SMTP.start();
        }
        SMTP.purgeEmailFromAllMailboxes();
    }

    private void send(String body) {
        assertThat(new WebhookClient(port).postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private static String appointment(String serial, String firstName, String content) {
        return "{\"SerialNumber\":\"" + serial + "\",\"Type\":\"Appointment\",\"FirstName\":\"" + firstName
                + "\",\"LastName\":\"Garcia\",\"Email\":\"test@qq.com\",\"PhoneNumber\":\"+1 415 555 0100\","
                + "\"CreateTime\":\"2023-11-23T18:36:21.512302Z\",\"Content\":\"" + content + "\",\"ID session\":31305,"
                + "\"URI\":\"https://shop.example/book\"}";
    }

    private void awaitDelivered() {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo("delivered"));
    }

    private static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void shouldMailStaffTheAppointmentWithBothPartsAndReplyToTheVisitor() throws Exception {
        send(appointment("59001dd73709417321c58b11693183a2", "David", "Tuesday 10:00, two people"));

        awaitDelivered();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        MimeMessage mail = received[0];
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                        .map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("desk@shop.example", "owner@shop.example");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("bridge@bridge.example");
        assertThat(((InternetAddress) mail.getReplyTo()[0]).getAddress()).isEqualTo("test@qq.com");
        assertThat(mail.getSubject())
                .isEqualTo("Appointment request: David Garcia, Thu 23 Nov 2023, 19:36 via Pricing page bot");
        assertThat(mail.isMimeType("multipart/alternative")).isTrue();
        assertThat(part(mail, "text/plain"))
                .contains(
                        "Tuesday 10:00, two people",
                        "+1 415 555 0100",
                        "https://shop.example/book",
                        "Thu 23 Nov 2023, 19:36 (Europe/Berlin)",
                        "Pricing page bot");
        assertThat(part(mail, "text/html")).contains("Tuesday 10:00, two people", "<a href=\"mailto:test@qq.com\">");
        // the README shows this text as the rendered example
        assertThat(part(mail, "text/plain").replace("\r\n", "\n")).isEqualTo("""
                Appointment request from David Garcia

                Name:         David Garcia
                E-mail:       test@qq.com
                Phone:        +1 415 555 0100
                Received:     Thu 23 Nov 2023, 19:36 (Europe/Berlin)
                Chatbot:      Pricing page bot
                Source page:  https://shop.example/book
                Conversation: 31305

                Details:
                Tuesday 10:00, two people

                Reply to this e-mail to answer David Garcia directly.

                --\s
                Sent by neoagent-lead-bridge.
                """);
        assertThat(mail.getMessageID())
                .isEqualTo(inbox.onlyDelivery().get("result_id"))
                .matches("<neoagent-appointment-email-" + inbox.onlyDelivery().get("id")
                        + "\\.[0-9a-f]{32}@bridge\\.example>");
    }

    @Test
    void shouldMailThePerChatbotRecipients() throws Exception {
        send(appointment("clinic-bot", "Ann", "checkup"));

        awaitDelivered();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(GreenMailUtil.getAddressList(received[0].getRecipients(Message.RecipientType.TO)))
                .isEqualTo("clinic@clinic.example");
    }

    @Test
    void shouldNotLetAVisitorAddOrChangeMailHeaders() throws Exception {
        send(appointment(
                "59001dd73709417321c58b11693183a2", "Eve\\r\\nBcc: attacker@evil.example\\r\\nX-Injected: yes", "hi"));

        awaitDelivered();
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
        assertThat(SMTP.getReceivedMessagesForDomain("evil.example")).isEmpty();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(Collections.list(mail.getAllHeaderLines()))
                .noneMatch(line -> line.startsWith("Bcc") || line.startsWith("X-Injected"));
        assertThat(mail.getSubject())
                .doesNotContain("\r", "\n")
                .startsWith("Appointment request: Eve Bcc: attacker@evil.example");
    }

    @Test
    void shouldShowHtmlAndScriptFromTheVisitorAsText() throws Exception {
        send(appointment(
                "59001dd73709417321c58b11693183a2",
                "<b>Bold</b>",
                "<script>alert(1)</script> & <img src=x onerror=alert(2)>"));

        awaitDelivered();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        String html = part(mail, "text/html");
        assertThat(html)
                .doesNotContain("<script>", "<img", "<b>Bold</b>")
                .contains(
                        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src&#61;x onerror&#61;alert(2)&gt;",
                        "&lt;b&gt;Bold&lt;/b&gt;");
        assertThat(part(mail, "text/plain")).contains("<script>alert(1)</script> & <img src=x onerror=alert(2)>");
    }

    @Test
    void shouldDeliverOnceWhenTheSmtpServerComesBack() throws Exception {
        SMTP.stop();
        send(appointment("59001dd73709417321c58b11693183a2", "Later", "when the server is back"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat((Integer) inbox.onlyDelivery().get("attempts")).isGreaterThanOrEqualTo(2);
        });
        String messageId = "<neoagent-appointment-email-" + inbox.onlyDelivery().get("id") + "."
                + jdbc.queryForObject("SELECT inbox_id FROM inbox_identity", String.class) + "@bridge.example>";

        SMTP.start();

        awaitDelivered();
        // and no second copy follows
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(SMTP.getReceivedMessages()).hasSize(2));
        assertThat(SMTP.getReceivedMessages()[0].getMessageID()).isEqualTo(messageId);
    }
}
