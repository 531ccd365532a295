package io.neoagent.bridge.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose Message-ID survives {@code saveChanges()}, which would otherwise replace it: the e-mails the
 * bridge sends carry a Message-ID fixed by what they are about (a delivery, a digest's day), so a message sent again
 * after a failure or a crash is recognised as the same one.
 */
public final class StableIdMessage extends MimeMessage {

    private final String messageId;

    /** A message that will carry {@code messageId} ({@code <...@...>}, header-safe) as its Message-ID. */
    public StableIdMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
