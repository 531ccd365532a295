package io.neoagent.bridge.mail;

import io.neoagent.bridge.delivery.DeliveryFailure;
import io.neoagent.bridge.delivery.FailureClassifier;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.springframework.stereotype.Component;

/**
 * Judges the SMTP server's answers: 4xx replies, connection failures and a failed login retry (fix the
 * server or the credentials and the e-mails still go out); 5xx replies are permanent. No connection, a failed
 * login and 421 (service not available) are the channel being down: any e-mail would have failed alike.
 */
@Component
public class SmtpFailureClassifier implements FailureClassifier {

    /** 421: the server is closing the connection, whoever the e-mail is for. */
    private static final int SERVICE_NOT_AVAILABLE = 421;

    @Override
    public Optional<DeliveryFailure> classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            int code = replyCode(cause);
            if (code >= 500) {
                return Optional.of(DeliveryFailure.permanentFailure(
                        "SMTP " + code + ": " + cause.getMessage().strip()));
            }
            if (code == SERVICE_NOT_AVAILABLE) {
                return Optional.of(DeliveryFailure.channelDownFailure(
                        "SMTP " + code + ": " + cause.getMessage().strip()));
            }
            if (code >= 400) {
                return Optional.of(DeliveryFailure.transientFailure(
                        "SMTP " + code + ": " + cause.getMessage().strip()));
            }
            if (cause instanceof MailConnectException || cause instanceof AuthenticationFailedException) {
                return Optional.of(DeliveryFailure.channelDownFailure(
                        "SMTP " + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            }
        }
        return Optional.empty();
    }

    /**
     * The reason a delivery would record for this failure, or the innermost message where none applies: for a log
     * line (the {@code smtp-sign-in} route's).
     */
    public String reason(Throwable error) {
        return classify(error).map(DeliveryFailure::reason).orElseGet(() -> {
            Throwable root = error;
            for (Throwable next = next(error); next != null; next = next(next)) {
                root = next;
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        });
    }

    private static int replyCode(Throwable error) {
        if (error instanceof SMTPAddressFailedException failed) {
            return failed.getReturnCode();
        }
        if (error instanceof SMTPSenderFailedException failed) {
            return failed.getReturnCode();
        }
        if (error instanceof SMTPSendFailedException failed) {
            return failed.getReturnCode();
        }
        return -1;
    }

    /** The cause, or for a MessagingException without one, the next exception it chains. */
    private static Throwable next(Throwable error) {
        if (error.getCause() != null && error.getCause() != error) {
            return error.getCause();
        }
        return error instanceof MessagingException messaging ? messaging.getNextException() : null;
    }
}
