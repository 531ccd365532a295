package io.neoagent.bridge.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import org.apache.camel.component.mail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The {@code smtp-sign-in} route's check at start-up: connects to the SMTP server the way a delivery does (the same
 * {@code staffMailSender}: TLS, timeouts, login) and says goodbye without sending anything.
 */
@Component("smtpSignIn")
public class SmtpSignIn {

    private final JavaMailSender sender;

    SmtpSignIn(JavaMailSender staffMailSender) {
        this.sender = staffMailSender;
    }

    /** Connects and, when a user name is set, logs in; says which of the two it did. */
    public String check() throws MessagingException {
        try (Transport transport = sender.getSession().getTransport(sender.getProtocol())) {
            boolean login =
                    sender.getUsername() != null && !sender.getUsername().isBlank();
            transport.connect(
                    sender.getHost(),
                    sender.getPort(),
                    login ? sender.getUsername() : null,
                    login ? sender.getPassword() : null);
            return login ? "logged in" : "no login configured";
        }
    }
}
