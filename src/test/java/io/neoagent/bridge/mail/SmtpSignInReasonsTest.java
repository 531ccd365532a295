package io.neoagent.bridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.TestSupport;
import jakarta.mail.MessagingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the start-up SMTP check says for the mistakes the README's troubleshooting names, against a real server. */
class SmtpSignInReasonsTest {

    static final int SMTP_PORT = TestSupport.freePort();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    private final SmtpFailureClassifier failures = new SmtpFailureClassifier();

    private static SmtpSignIn signIn(int port, String security) {
        MailProperties mail =
                new MailProperties("127.0.0.1", port, "", "", security, "bridge@bridge.example", Duration.ofSeconds(5));
        return new SmtpSignIn(new SmtpConfiguration().staffMailSender(mail));
    }

    @Test
    void shouldConnectToAPlainRelayWithoutLogin() throws Exception {
        assertThat(signIn(SMTP_PORT, "none").check()).isEqualTo("no login configured");
    }

    @Test
    void shouldSayWhenTheServerOffersNoStarttls() {
        SmtpSignIn signIn = signIn(SMTP_PORT, "starttls");
        MessagingException refused = catchThrowableOfType(MessagingException.class, signIn::check);
        assertThat(failures.reason(refused)).contains("STARTTLS is required");
    }

    @Test
    void shouldSayWhenNothingListens() {
        SmtpSignIn signIn = signIn(TestSupport.freePort(), "none");
        MessagingException refused = catchThrowableOfType(MessagingException.class, signIn::check);
        assertThat(failures.reason(refused)).startsWith("SMTP MailConnectException: Couldn't connect to host");
    }
}
