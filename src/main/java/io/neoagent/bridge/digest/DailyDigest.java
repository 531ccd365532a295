package io.neoagent.bridge.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neoagent.bridge.digest.DigestRepository.DayEvent;
import io.neoagent.bridge.digest.DigestRepository.DayFailure;
import io.neoagent.bridge.digest.DigestRepository.State;
import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxIdentity;
import io.neoagent.bridge.inbox.InboxWriteGate;
import io.neoagent.bridge.logging.PersonalData;
import io.neoagent.bridge.mail.EmailAddresses;
import io.neoagent.bridge.mail.MailProperties;
import io.neoagent.bridge.mail.SmtpFailureClassifier;
import io.neoagent.bridge.mail.StableIdMessage;
import io.neoagent.bridge.mail.StaffEmail;
import io.neoagent.bridge.mail.StaffEmailProperties;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The daily digest, called as bean {@code dailyDigest} from the {@code daily-digest} route of
 * {@code routes/staff-email.camel.yaml}: at each tick {@link #claimDue} claims the days whose digest is due, then per
 * day {@link #view} (what the templates show), {@link #message} (the MIME message with the day's events attached as
 * JSON) and {@link #sent} or {@link #failed}.
 *
 * <p>A digest covers one calendar day in {@code staff-email.time-zone} (the events received that day) and is due at
 * {@code digest.time} on the following day. The day is claimed in table {@code digest_day}: several instances sharing
 * the inbox try, and exactly one gets it. A day not sent when due (the bridge was down, SMTP failed) is sent late,
 * oldest first, up to {@code digest.catch-up-days} after it fell due; never a day before the digest first ran, and on
 * its first run only yesterday's. Logs carry the day and counts, never what a visitor gave.
 */
@Component("dailyDigest")
public class DailyDigest {

    private static final Logger LOG = LoggerFactory.getLogger(DailyDigest.class);
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
    private static final int MAX_REASON = 300;
    /** The route in {@code routes/staff-email.camel.yaml} that calls this bean. */
    static final String ROUTE = "daily-digest";

    /** A day claimed by this instance: only the claim with this token may record the day's outcome. */
    public record Claim(LocalDate day, String token, int attempts) {}

    private final DigestProperties properties;
    private final StaffEmailProperties staffEmail;
    private final DigestRepository repository;
    private final InboxWriteGate gate;
    private final InboxIdentity identity;
    private final SmtpFailureClassifier smtpFailures;
    private final ObjectMapper json;
    private final Clock clock;
    private final ZoneId zone;
    private final String statusUrl;
    private final String owner;
    private final Session session = Session.getInstance(new Properties());
    /** Why the digest is off; null when it is on. */
    private final String off;

    private final List<InternetAddress> recipients;
    private final InternetAddress from;
    /** Failed sends since the last one that went out, on this instance: the first of a streak is logged as WARN. */
    private int failuresInARow;
    /** Whether the last look for due days failed (the inbox unreachable): said once until it works again. */
    private volatile boolean inboxFailing;

    public DailyDigest(
            DigestProperties properties,
            MailProperties mail,
            StaffEmailProperties staffEmail,
            DigestRepository repository,
            InboxWriteGate gate,
            InboxIdentity identity,
            SmtpFailureClassifier smtpFailures,
            ObjectMapper json,
            Clock clock,
            @Value("${neoagent.public-admin-url:}") String publicAdminUrl) {
        this.properties = properties;
        this.staffEmail = staffEmail;
        this.repository = repository;
        this.gate = gate;
        this.identity = identity;
        this.smtpFailures = smtpFailures;
        this.json = json;
        this.clock = clock;
        this.zone = staffEmail.timeZone();
        this.statusUrl = statusUrl(publicAdminUrl);
        this.owner = System.getenv().getOrDefault("HOSTNAME", "bridge") + "-"
                + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<InternetAddress> to = List.of();
        InternetAddress sender = null;
        String reason = null;
        if (properties.to() == null || properties.to().isBlank()) {
            reason = "DIGEST_EMAIL_TO is not set";
        } else if (mail.host() == null || mail.host().isBlank()) {
            reason = "MAIL_HOST is not set";
        } else if (!EmailAddresses.isPlausible(mail.from())) {
            reason = "MAIL_FROM is not a valid e-mail address";
        } else {
            try {
                to = EmailAddresses.parseList(properties.to());
                sender = new InternetAddress(mail.from().strip(), true);
                if (to.isEmpty()) {
                    reason = "DIGEST_EMAIL_TO holds no address";
                }
            } catch (IllegalArgumentException | AddressException invalid) {
                reason = "DIGEST_EMAIL_TO: " + invalid.getMessage();
            }
        }
        this.off = reason;
        this.recipients = to;
        this.from = sender;
    }

    /** Says once at start-up whether the digest is sent, when and to how many. */
    @EventListener
    void announce(ApplicationReadyEvent ready) {
        CamelContext camel = ready.getApplicationContext()
                .getBeanProvider(CamelContext.class)
                .getIfAvailable();
        if (off == null && camel != null && camel.getRoute(ROUTE) == null) {
            LOG.warn(
                    "Daily digest is off: the routes in use ({}) have no route {}. Routes exported before this version"
                            + " lack it: export the built-in routes again (export-routes) and carry your changes over",
                    ready.getApplicationContext().getEnvironment().getProperty("neoagent.routes-location", "?"),
                    ROUTE);
        } else if (off == null) {
            LOG.info(
                    "Daily digest: each day's events to {} recipient(s) at {} ({}) the next day{}",
                    recipients.size(),
                    properties.time(),
                    zone.getId(),
                    properties.sendEmpty() ? ", also for a day with none" : ", skipped for a day with none");
        } else if (off.startsWith("DIGEST_EMAIL_TO is not set")) {
            LOG.info("Daily digest is off: {}", off);
        } else {
            LOG.warn("Daily digest is off: {}", off);
        }
    }

    public boolean enabled() {
        return off == null;
    }

    /**
     * Claims each day whose digest is due now and not sent yet, oldest first: those with nothing to tell are recorded
     * as skipped (unless {@code digest.send-empty}), the others returned to be sent.
     */
    public List<Claim> claimDue() {
        if (!enabled()) {
            return List.of();
        }
        try {
            List<Claim> due = claimDueAt(clock.instant());
            inboxFailing = false;
            return due;
        } catch (RuntimeException inboxDown) {
            if (!inboxFailing) {
                inboxFailing = true;
                LOG.warn(
                        "Daily digest cannot read the inbox ({}); it looks again at the next tick",
                        inboxDown.getClass().getSimpleName());
            }
            return List.of();
        }
    }

    /** {@link #claimDue()} as at {@code now}. */
    List<Claim> claimDueAt(Instant now) {
        LocalDate latest = latestDue(now);
        LocalDate window = latest.minusDays(Math.max(1, properties.catchUpDays()) - 1L);
        long millis = clock.millis();
        for (LocalDate day : gate.write(() -> repository.giveUpBefore(window, millis))) {
            LOG.warn(
                    "Daily digest of {} given up: not sent within {} day(s) of being due (digest.catch-up-days)",
                    day,
                    properties.catchUpDays());
        }
        // days the bridge was down for longer than the catch-up: said once, by the instance that records them
        LocalDate lastMissed = window.minusDays(1);
        repository.latestBefore(window).ifPresent(last -> {
            if (last.isBefore(lastMissed) && gate.write(() -> repository.missed(lastMissed, millis))) {
                LOG.warn(
                        "Daily digests of {} to {} were not sent: the digest did not run (the bridge down, or the"
                                + " digest off) within {} day(s) of them (digest.catch-up-days)",
                        last.plusDays(1),
                        lastMissed,
                        properties.catchUpDays());
            }
        });
        // on its first run the digest starts with yesterday: a new install is not sent its older days
        LocalDate first =
                repository.firstDay().orElse(LocalDate.ofInstant(now, zone).minusDays(1));
        LocalDate start = first.isAfter(window) ? first : window;
        if (start.isAfter(latest)) {
            return List.of();
        }
        Map<LocalDate, State> states = repository.states(start, latest);
        List<Claim> claimed = new ArrayList<>();
        for (LocalDate day = start; !day.isAfter(latest); day = day.plusDays(1)) {
            State state = states.get(day);
            if (state != null && state.done()) {
                continue;
            }
            LocalDate candidate = day;
            String token = UUID.randomUUID().toString();
            gate.write(() -> repository.claim(
                            candidate, owner, token, properties.lease().toMillis(), millis))
                    .ifPresent(attempts -> claimed.add(new Claim(candidate, token, attempts)));
        }
        List<Claim> toSend = new ArrayList<>();
        for (Claim claim : claimed) {
            if (properties.sendEmpty() || repository.countEvents(start(claim.day()), end(claim.day())) > 0) {
                toSend.add(claim);
            } else if (gate.write(() -> repository.skipped(claim.day(), claim.token(), clock.millis()))) {
                LOG.info("Daily digest of {}: no events that day, none sent (digest.send-empty)", claim.day());
            }
        }
        return toSend;
    }

    /** The latest day whose digest is due at {@code now}. */
    LocalDate latestDue(Instant now) {
        LocalDate yesterday = LocalDate.ofInstant(now, zone).minusDays(1);
        return now.isBefore(dueAt(yesterday)) ? yesterday.minusDays(1) : yesterday;
    }

    /** When the digest of {@code day} is due: at {@code digest.time} on the next day. */
    Instant dueAt(LocalDate day) {
        return day.plusDays(1).atTime(properties.time()).atZone(zone).toInstant();
    }

    private Instant start(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * What the templates show for the claimed day: plain values, HTML-escaped by the template engine. Keys:
     * {@code day}, {@code date}, {@code timeZone}, {@code subject}; the counts {@code events}, {@code leads},
     * {@code appointments}, {@code others}, {@code invalid}, and {@code counts} (per chatbot and {@code Type});
     * {@code leadList} and {@code appointmentList} (at most {@code digest.max-listed} together) and {@code unlisted};
     * {@code problems} (per channel and state, with what to do), {@code failures} (each delivery not delivered),
     * {@code unlistedFailures}, {@code notDelivered}; {@code statusUrl}, {@code attachment}; and the flags
     * {@code nothing}, {@code allDelivered} and {@code has...} for what the templates show only when there is some.
     */
    public Map<String, Object> view(Claim claim) {
        LocalDate day = claim.day();
        Instant from = start(day);
        Instant until = end(day);
        List<DayEvent> events = repository.events(from, until);
        int invalid = repository.countInvalid(from, until);
        List<DayFailure> failures = repository.deliveries(
                from,
                until,
                List.of(DeliveryState.DEAD, DeliveryState.RETRYING, DeliveryState.PENDING, DeliveryState.HELD));

        Map<String, Map<String, Integer>> perChatbot = new TreeMap<>();
        List<Map<String, Object>> leads = new ArrayList<>();
        List<Map<String, Object>> appointments = new ArrayList<>();
        int leadCount = 0;
        int appointmentCount = 0;
        int listed = 0;
        for (DayEvent event : events) {
            String type = event.type() == null ? "(no Type)" : event.type();
            perChatbot
                    .computeIfAbsent(chatbot(event.chatbot()), name -> new TreeMap<>())
                    .merge(type, 1, Integer::sum);
            boolean lead = "Lead".equals(event.type());
            boolean appointment = "Appointment".equals(event.type());
            leadCount += lead ? 1 : 0;
            appointmentCount += appointment ? 1 : 0;
            if ((lead || appointment) && listed < properties.maxListed()) {
                listed++;
                (lead ? leads : appointments).add(entry(event));
            }
        }
        List<Map<String, Object>> counts = new ArrayList<>();
        perChatbot.forEach((chatbot, types) -> types.forEach((type, count) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chatbot", chatbot);
            row.put("type", type);
            row.put("count", count);
            counts.add(row);
        }));

        Map<String, Integer> perProblem = new TreeMap<>();
        List<Map<String, Object>> failureList = new ArrayList<>();
        for (DayFailure failure : failures) {
            perProblem.merge(failure.channel() + " " + group(failure.state()), 1, Integer::sum);
            if (failureList.size() < properties.maxListed()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("time", TIME.format(failure.receivedAt().atZone(zone)));
                row.put("type", failure.type() == null ? "(no Type)" : failure.type());
                row.put("chatbot", chatbot(failure.chatbot()));
                row.put("event", failure.eventId());
                row.put("channel", failure.channel());
                row.put("state", failure.state().value());
                row.put("attempts", failure.attempts());
                row.put("reason", reason(failure));
                failureList.add(row);
            }
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        perProblem.forEach((key, count) -> {
            String[] parts = key.split(" ", 2);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel", parts[0]);
            row.put("state", parts[1]);
            row.put("count", count);
            row.put("advice", advice(parts[1]));
            problems.add(row);
        });

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("day", day.toString());
        view.put("date", LONG_DATE.format(day));
        view.put("timeZone", zone.getId());
        view.put("events", events.size());
        view.put("leads", leadCount);
        view.put("appointments", appointmentCount);
        view.put("others", events.size() - leadCount - appointmentCount);
        view.put("hasOthers", events.size() > leadCount + appointmentCount);
        view.put("invalid", invalid);
        view.put("hasInvalid", invalid > 0);
        view.put("nothing", events.isEmpty() && invalid == 0);
        view.put("counts", counts);
        view.put("hasCounts", !counts.isEmpty());
        view.put("leadList", leads);
        view.put("hasLeads", !leads.isEmpty());
        view.put("appointmentList", appointments);
        view.put("hasAppointments", !appointments.isEmpty());
        view.put("unlisted", leadCount + appointmentCount - listed);
        view.put("hasUnlisted", leadCount + appointmentCount > listed);
        view.put("problems", problems);
        view.put("hasProblems", !problems.isEmpty());
        view.put("failures", failureList);
        view.put("unlistedFailures", failures.size() - failureList.size());
        view.put("hasUnlistedFailures", failures.size() > failureList.size());
        view.put("notDelivered", failures.size());
        view.put("allDelivered", failures.isEmpty() && !events.isEmpty());
        view.put("statusUrl", statusUrl);
        view.put("attachment", attachmentName(day));
        view.put("subject", subject(day, leadCount, appointmentCount, events.size(), failures.size()));
        return view;
    }

    /**
     * The MIME message: multipart/mixed with the plain-text and HTML parts (multipart/alternative) and the day's
     * events as {@code neoagent-events-<day>.json}, a JSON array of the events as neoagent sent them, to
     * {@code digest.to}. Its Message-ID is fixed per day and inbox, so a digest sent again (after a crash between
     * sending and recording it) is recognised as the same one.
     */
    public MimeMessage message(Claim claim, Map<String, Object> view, String html, String text)
            throws MessagingException {
        MimeMessage message = new StableIdMessage(session, messageId(claim.day()));
        message.setFrom(from);
        message.setRecipients(MimeMessage.RecipientType.TO, recipients.toArray(InternetAddress[]::new));
        message.setSubject((String) view.get("subject"), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));

        MimeBodyPart body = new MimeBodyPart();
        body.setContent(StaffEmail.plainAndHtml(text, html));

        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(
                new DataHandler(new ByteArrayDataSource(attachment(claim.day()), "application/json; charset=UTF-8")));
        attachment.setFileName(attachmentName(claim.day()));
        attachment.setDisposition(Part.ATTACHMENT);

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    /**
     * The day's valid events, in the order they came, as one JSON array: each the event neoagent sent (the stored
     * {@code JSON.stringify} form, as signed), one per line.
     */
    byte[] attachment(LocalDate day) {
        List<DayEvent> events = repository.events(start(day), end(day));
        StringBuilder array = new StringBuilder(events.size() * 400 + 4).append('[');
        for (int i = 0; i < events.size(); i++) {
            array.append(i == 0 ? "\n" : ",\n").append(events.get(i).payload());
        }
        return array.append(events.isEmpty() ? "]\n" : "\n]\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Records the day's digest as sent. */
    public void sent(Claim claim, Map<String, Object> view, MimeMessage message) throws MessagingException {
        String messageId = message.getMessageID();
        boolean recorded = gate.write(() ->
                repository.sent(claim.day(), claim.token(), (Integer) view.get("events"), messageId, clock.millis()));
        int failedBefore;
        synchronized (this) {
            failedBefore = failuresInARow;
            failuresInARow = 0;
        }
        if (failedBefore > 0) {
            LOG.info("Daily digest sent again after {} failed attempt(s)", failedBefore);
        }
        LOG.info(
                "Daily digest of {} sent: {} event(s), {} lead(s), {} appointment(s), {} not delivered, {} invalid{}",
                claim.day(),
                view.get("events"),
                view.get("leads"),
                view.get("appointments"),
                view.get("notDelivered"),
                view.get("invalid"),
                recorded ? "" : " (its claim had run out: another instance may send it too)");
    }

    /**
     * Records a failed attempt: the day is released, to be claimed again after {@code digest.retry-delay} (doubled
     * after each further failure, up to an hour). The first failure of a streak is logged as a warning.
     */
    public void failed(Claim claim, Exception exception) {
        String reason = shorten(PersonalData.mask(smtpFailures.reason(exception)));
        Duration delay = retryDelay(claim.attempts());
        gate.write(() -> repository.failed(claim.day(), claim.token(), reason, delay.toMillis(), clock.millis()));
        int failures;
        synchronized (this) {
            failures = ++failuresInARow;
        }
        if (failures == 1) {
            LOG.warn("Daily digest of {} could not be sent: {}; trying again in {}", claim.day(), reason, delay);
        } else {
            LOG.debug(
                    "Daily digest of {} could not be sent ({} failures in a row): {}; trying again in {}",
                    claim.day(),
                    failures,
                    reason,
                    delay);
        }
    }

    Duration retryDelay(int attempts) {
        Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(Math.max(attempts, 1) - 1, 20));
        Duration cap =
                properties.retryDelay().compareTo(MAX_RETRY_DELAY) > 0 ? properties.retryDelay() : MAX_RETRY_DELAY;
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    private Map<String, Object> entry(DayEvent event) {
        JsonNode fields;
        try {
            fields = json.readTree(event.payload());
        } catch (IOException notJson) {
            fields = json.createObjectNode();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        String name = (text(fields, "FirstName") + " " + text(fields, "LastName")).strip();
        String email = text(fields, "Email");
        entry.put("time", TIME.format(event.receivedAt().atZone(zone)));
        entry.put("name", name.isEmpty() ? "(no name given)" : name);
        entry.put("email", email.isEmpty() ? null : email);
        entry.put("emailLink", EmailAddresses.isPlausible(email) ? email : null);
        entry.put("phone", blankToNull(text(fields, "PhoneNumber")));
        entry.put("chatbot", chatbot(event.chatbot()));
        entry.put("session", blankToNull(value(fields, "ID session")));
        entry.put("details", blankToNull(text(fields, "Content")));
        entry.put("sourcePage", blankToNull(text(fields, "URI")));
        return entry;
    }

    private String chatbot(String serialNumber) {
        return serialNumber == null
                ? "unknown chatbot"
                : staffEmail.chatbotNames().getOrDefault(serialNumber, serialNumber);
    }

    /** Pending and retrying deliveries are both still on their way. */
    private static String group(DeliveryState state) {
        return state == DeliveryState.PENDING ? DeliveryState.RETRYING.value() : state.value();
    }

    private String advice(String state) {
        String page = statusUrl == null ? "the status page (/admin/status on the management port)" : "the status page";
        return switch (state) {
            case "dead" ->
                "failed for good: fix the cause the reason names, then replay them on " + page
                        + " (or POST /admin/deliveries/replay)";
            case "held" -> "the channel is not configured: set its settings and restart the bridge, and they go out";
            default -> "not delivered yet, still being retried: the reason says what to fix (see " + page + ")";
        };
    }

    private static String reason(DayFailure failure) {
        if (failure.lastError() == null || failure.lastError().isBlank()) {
            return failure.state() == DeliveryState.HELD ? "channel not configured" : "not attempted yet";
        }
        return shorten(PersonalData.mask(failure.lastError().strip()));
    }

    private static String subject(LocalDate day, int leads, int appointments, int events, int notDelivered) {
        StringBuilder subject = new StringBuilder("neoagent daily digest, ")
                .append(SHORT_DATE.format(day))
                .append(": ");
        if (events == 0) {
            subject.append("no events");
        } else {
            subject.append(plural(leads, "lead", "leads"))
                    .append(", ")
                    .append(plural(appointments, "appointment", "appointments"));
            int others = events - leads - appointments;
            if (others > 0) {
                subject.append(", ").append(plural(others, "other event", "other events"));
            }
        }
        if (notDelivered > 0) {
            subject.append(", ").append(notDelivered).append(" not delivered");
        }
        return subject.toString();
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private String messageId(LocalDate day) {
        String address = from.getAddress();
        return "<neoagent-digest-" + day + "." + identity.inboxId() + "@"
                + address.substring(address.lastIndexOf('@') + 1) + ">";
    }

    static String attachmentName(LocalDate day) {
        return "neoagent-events-" + day + ".json";
    }

    /** {@code <url>/admin/status} from {@code neoagent.public-admin-url}, or null when it is unset. */
    static String statusUrl(String publicAdminUrl) {
        if (publicAdminUrl == null || publicAdminUrl.isBlank()) {
            return null;
        }
        String base = publicAdminUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/admin/status";
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || !value.isTextual() ? "" : value.textValue().strip();
    }

    private static String value(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String shorten(String value) {
        return value.length() <= MAX_REASON ? value : value.substring(0, MAX_REASON) + "…";
    }
}
