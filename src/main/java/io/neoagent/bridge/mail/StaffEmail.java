package io.neoagent.bridge.mail;

import io.neoagent.bridge.delivery.PermanentDeliveryException;
import io.neoagent.bridge.webhook.NeoagentEvent;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Builds the e-mails that tell staff about an appointment (or a lead), called from {@code routes/staff-email.camel.yaml}
 * as bean {@code staffEmail}: first {@link #view} (what the templates show), then {@link #message} (the MIME
 * message). Every header is built here from validated values: recipients and sender from configuration,
 * {@code Reply-To} only when the visitor's address is strictly valid, the subject stripped of control
 * characters, and a Message-ID fixed per delivery so a retried delivery reuses it, and unique beyond this
 * inbox (the delivery key of {@code docs/channels.md}).
 */
@Component("staffEmail")
public class StaffEmail {

    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final int MAX_SUBJECT_NAME = 60;

    private final StaffEmailProperties properties;
    private final MailProperties mail;
    private final Session session = Session.getInstance(new Properties());

    public StaffEmail(StaffEmailProperties properties, MailProperties mail) {
        this.properties = properties;
        this.mail = mail;
    }

    /**
     * What the templates show, for one event on one channel: plain values, HTML-escaped by the template
     * engine. The kind (lead or appointment) is the event's {@code Type}. Keys: {@code kind}, {@code name}, {@code email}, {@code phone}, {@code details},
     * {@code sourcePage}, {@code chatbot}, {@code session}, {@code createdAt}, {@code timeZone},
     * {@code subject}, {@code replyTo}, {@code channel}.
     */
    public Map<String, Object> view(NeoagentEvent event, String channel) {
        Map<String, Object> view = new LinkedHashMap<>();
        String name = join(event.firstName(), event.lastName());
        String chatbot = event.serialNumber() == null
                ? "unknown chatbot"
                : properties.chatbotNames().getOrDefault(event.serialNumber(), event.serialNumber());
        String when = readableTime(event.createTime());
        String kind = "Lead".equals(event.type()) ? "Lead" : "Appointment request";
        view.put("channel", channel);
        view.put("serialNumber", event.serialNumber());
        view.put("kind", kind);
        view.put("name", name.isEmpty() ? "(no name given)" : name);
        view.put("email", blankToNull(event.email()));
        view.put(
                "replyTo",
                EmailAddresses.isPlausible(event.email()) ? event.email().strip() : null);
        view.put("phone", blankToNull(event.phoneNumber()));
        view.put("details", blankToNull(event.content()));
        view.put("sourcePage", blankToNull(event.uri()));
        view.put("chatbot", chatbot);
        view.put("session", event.sessionId());
        view.put("createdAt", when);
        view.put("timeZone", properties.timeZone().getId());
        view.put(
                "subject",
                headerSafe(kind + ": " + shorten(name.isEmpty() ? "visitor" : name) + ", " + when + " via " + chatbot));
        return view;
    }

    /**
     * The MIME message: multipart/alternative with the plain-text and the HTML part, to the channel's
     * recipients for this chatbot, with the Message-ID made from {@code deliveryKey} (header
     * {@code NeoagentDeliveryKey}: the same for every attempt of a delivery).
     *
     * @throws PermanentDeliveryException when no valid recipient is configured
     */
    public MimeMessage message(Map<String, Object> view, String html, String text, String deliveryKey)
            throws MessagingException {
        if (deliveryKey == null || deliveryKey.isBlank()) {
            throw new IllegalArgumentException(
                    "no delivery key (header NeoagentDeliveryKey): the Message-ID needs one");
        }
        InternetAddress from = address(mail.from(), "MAIL_FROM");
        List<InternetAddress> to = recipients((String) view.get("channel"), (String) view.get("serialNumber"));
        MimeMessage message = new StableIdMessage(session, messageId(deliveryKey, from));
        message.setFrom(from);
        message.setRecipients(MimeMessage.RecipientType.TO, to.toArray(InternetAddress[]::new));
        if (view.get("replyTo") != null) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress((String) view.get("replyTo"), true)});
        }
        message.setSubject((String) view.get("subject"), "UTF-8");
        message.setSentDate(java.util.Date.from(Instant.now()));

        message.setContent(plainAndHtml(text, html));
        message.saveChanges();
        return message;
    }

    /** The Message-ID recorded on the delivery. */
    public String messageId(MimeMessage message) throws MessagingException {
        return message.getMessageID();
    }

    private List<InternetAddress> recipients(String channel, String serialNumber) {
        StaffEmailProperties.Recipients recipients = properties.recipients().get(channel);
        String list = recipients == null
                ? null
                : serialNumber != null && recipients.chatbots().containsKey(serialNumber)
                        ? recipients.chatbots().get(serialNumber)
                        : recipients.to();
        List<InternetAddress> addresses;
        try {
            addresses = EmailAddresses.parseList(list);
        } catch (IllegalArgumentException invalid) {
            throw new PermanentDeliveryException("staff-email.recipients." + channel + ": " + invalid.getMessage());
        }
        if (addresses.isEmpty()) {
            throw new PermanentDeliveryException("no recipients configured for " + channel
                    + " (set APPOINTMENT_EMAIL_TO or staff-email.recipients." + channel + ")");
        }
        return addresses;
    }

    private static InternetAddress address(String value, String setting) {
        if (!EmailAddresses.isPlausible(value)) {
            throw new PermanentDeliveryException(setting + " is not a valid e-mail address");
        }
        try {
            return new InternetAddress(value.strip(), true);
        } catch (MessagingException e) {
            throw new PermanentDeliveryException(setting + " is not a valid e-mail address");
        }
    }

    /**
     * {@code <neoagent-<delivery key>@<sender domain>>}, the key being {@code <channel>-<delivery id>.<inbox id>}: the
     * same for every attempt of a delivery; the inbox id keeps apart the deliveries of two inboxes (staging and
     * production, or an inbox started anew) that have the same delivery id, which a mail provider would drop as
     * repeats.
     */
    private static String messageId(String deliveryKey, InternetAddress from) {
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        return "<neoagent-" + headerSafe(deliveryKey) + "@" + domain + ">";
    }

    private String readableTime(String createTime) {
        if (createTime == null || createTime.isBlank()) {
            return "time not given";
        }
        try {
            return READABLE.format(ZonedDateTime.ofInstant(Instant.parse(createTime.strip()), properties.timeZone()));
        } catch (DateTimeParseException notIso) {
            return headerSafe(createTime);
        }
    }

    /** Removes CR, LF and every other control character: nothing a visitor typed can start a header. */
    static String headerSafe(String value) {
        return value == null
                ? ""
                : value.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").strip();
    }

    private static String shorten(String value) {
        String safe = headerSafe(value);
        return safe.length() <= MAX_SUBJECT_NAME ? safe : safe.substring(0, MAX_SUBJECT_NAME) + "…";
    }

    private static String join(String first, String last) {
        return ((first == null ? "" : first.strip()) + " " + (last == null ? "" : last.strip())).strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The plain-text and HTML forms of one e-mail body, UTF-8 (multipart/alternative): staff e-mails and the digest. */
    public static MimeMultipart plainAndHtml(String text, String html) throws MessagingException {
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        return alternative;
    }
}
