package io.neoagent.bridge.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxIdentity;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.inbox.InboxWriteGate;
import io.neoagent.bridge.mail.MailProperties;
import io.neoagent.bridge.mail.SmtpFailureClassifier;
import io.neoagent.bridge.mail.StaffEmailProperties;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestPropertySource;

/**
 * The daily digest against a real SMTP server (GreenMail): what it tells, its JSON attachment, once per day, late after
 * a missed day, again after SMTP failed, and once with several instances on one inbox. Events are stored with the
 * times they would have been received on past days; the digest is due at midnight in a zone where it is about noon
 * now, so yesterday's digest is due and today's is not while the tests run. Run once per supported database by the
 * subclasses.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.MAIL,
            "digest.to=boss@shop.example, sales@shop.example",
            "digest.time=00:00",
            "digest.tick=200ms",
            "digest.retry-delay=200ms",
            "neoagent.public-admin-url=https://bridge-admin.shop.example/",
            "staff-email.chatbot-names.pricing-bot=Pricing page bot",
            "staff-email.chatbot-names.clinic-bot=Clinic bot"
        })
abstract class DailyDigestContract {

    /** A zone where it is between 12:00 and 13:00 now: far from midnight, when the digest's day changes. */
    static final ZoneOffset ZONE =
            ZoneOffset.ofHours(12 - LocalTime.now(ZoneOffset.UTC).getHour());

    static final LocalDate TODAY = LocalDate.now(ZONE);
    static final LocalDate YESTERDAY = TODAY.minusDays(1);
    static final String BOSS = "boss@shop.example";
    static final String ROUTE = "daily-digest";
    /** Far in the future: the dispatcher leaves the deliveries the tests make alone. */
    static final long NEVER = 4102444800000L;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    InboxRepository repository;

    @Autowired
    NeoagentEventParser parser;

    @Autowired
    DigestRepository digests;

    @Autowired
    DigestProperties properties;

    @Autowired
    MailProperties mail;

    @Autowired
    StaffEmailProperties staffEmail;

    @Autowired
    InboxWriteGate gate;

    @Autowired
    InboxIdentity identity;

    @Autowired
    SmtpFailureClassifier smtpFailures;

    @Autowired
    ObjectMapper json;

    /** The SMTP server of the subclass, registered as its extension. */
    abstract GreenMailExtension smtp();

    static void shared(DynamicPropertyRegistry registry, int smtpPort) {
        registry.add("mail.port", () -> smtpPort);
        registry.add("staff-email.time-zone", ZONE::getId);
    }

    @BeforeEach
    void setUp() throws Exception {
        // nothing is claimed while a test sets up its days: the route runs from when the test starts it
        camel.getRouteController().stopRoute(ROUTE);
        new InboxRows(jdbc).clear();
        jdbc.update("DELETE FROM digest_day");
        if (!smtp().isRunning()) {
            smtp().start();
        }
        smtp().purgeEmailFromAllMailboxes();
    }

    // ---- what the digest tells

    @Test
    void shouldMailTheDaysCountsLeadsAppointmentsAndFailuresWithTheEventsAttached(CapturedOutput output)
            throws Exception {
        store(
                event("pricing-bot", "Lead", "David", "david@example.org", "+1 415 555 0100", "wants a quote"),
                YESTERDAY,
                "09:15");
        long failedLead = store(
                event("pricing-bot", "Lead", "<b>Eve</b>", "eve@example.org", "", "call after 5"), YESTERDAY, "11:02");
        store(
                event("clinic-bot", "Appointment", "Ana", "ana@example.org", "+34 600 000 123", "Tuesday 10:00, two"),
                YESTERDAY,
                "16:40");
        long heldLead = store(event("clinic-bot", "Lead", "Bo", "not an address", "", null), YESTERDAY, "23:59");
        delivery(failedLead, "salesforce-lead", "dead", "INVALID_EMAIL_ADDRESS: eve@example.org is refused");
        delivery(heldLead, "salesforce-lead", "held", null);
        // neither the day before (the digest's first run sends only yesterday) nor today
        store(event("pricing-bot", "Lead", "Old", "old@example.org", "", null), YESTERDAY.minusDays(1), "12:00");
        store(event("pricing-bot", "Lead", "New", "new@example.org", "", null), TODAY, "00:01");

        camel.getRouteController().startRoute(ROUTE);

        MimeMessage digest = awaitDigests(1).get(0);
        assertThat(Arrays.stream(digest.getRecipients(Message.RecipientType.TO))
                        .map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("boss@shop.example", "sales@shop.example");
        assertThat(((InternetAddress) digest.getFrom()[0]).getAddress()).isEqualTo("bridge@bridge.example");
        assertThat(digest.getSubject())
                .isEqualTo("neoagent daily digest, "
                        + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)
                                .format(YESTERDAY)
                        + ": 3 leads, 1 appointment, 2 not delivered");
        assertThat(digest.getMessageID())
                .isEqualTo("<neoagent-digest-" + YESTERDAY + "." + identity.inboxId() + "@bridge.example>");

        String text = part(digest, "text/plain").replace("\r\n", "\n");
        assertThat(text)
                .contains(
                        "4 event(s): 3 lead(s), 1 appointment(s).",
                        "  Clinic bot, Appointment: 1\n",
                        "  Clinic bot, Lead: 1\n",
                        "  Pricing page bot, Lead: 2\n",
                        "09:15  David Garcia\n  E-mail:  david@example.org\n  Phone:   +1 415 555 0100\n"
                                + "  Chatbot: Pricing page bot\n  Details: wants a quote",
                        "16:40  Ana Garcia\n  E-mail:  ana@example.org\n  Phone:   +34 600 000 123\n"
                                + "  Chatbot: Clinic bot\n  Appointment: Tuesday 10:00, two",
                        "23:59  Bo Garcia\n  E-mail:  not an address\n  Phone:   not given",
                        "- 1 salesforce-lead dead: failed for good: fix the cause the reason names, then replay them on the status"
                                + " page",
                        "- 1 salesforce-lead held: the channel is not configured: set its settings",
                        "salesforce-lead dead after 3 attempt(s): INVALID_EMAIL_ADDRESS: e***@example.org is refused",
                        "Status page (every delivery, and Replay): https://bridge-admin.shop.example/admin/status",
                        "Attached: neoagent-events-" + YESTERDAY + ".json")
                .doesNotContain("Old Garcia", "New Garcia", "more in the attachment");
        String html = part(digest, "text/html");
        assertThat(html)
                .contains(
                        "&lt;b&gt;Eve&lt;/b&gt;",
                        "<a href=\"mailto:david@example.org\">david@example.org</a>",
                        "<a href=\"https://bridge-admin.shop.example/admin/status\">")
                .doesNotContain("<b>Eve</b>", "mailto:not an address");

        // the attachment, read back, is the day's events as they were stored, in the order they came
        assertThat(attachmentName(digest)).isEqualTo("neoagent-events-" + YESTERDAY + ".json");
        assertThat(json.readTree(attachment(digest))).isEqualTo(json.readTree(dayEvents(YESTERDAY)));
        assertThat(json.readTree(attachment(digest))).hasSize(4);

        // sent once: the following ticks send nothing more
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> digests().size() == 1);
        assertThat(day(YESTERDAY)).containsEntry("state", "sent").containsEntry("events", 4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM digest_day", Integer.class))
                .isEqualTo(1);
        // the log tells the day and the counts, never who
        assertThat(output.getAll())
                .contains("Daily digest of " + YESTERDAY + " sent: 4 event(s), 3 lead(s), 1 appointment(s)")
                .doesNotContain("david@example.org", "eve@example.org", "415 555 0100", "600 000 123", "David");
    }

    @Test
    void shouldListAtMostMaxListedAndSayHowManyMoreAreAttached() throws Exception {
        for (int i = 0; i < properties.maxListed() + 3; i++) {
            store(event("pricing-bot", "Lead", "Visitor" + i, "v" + i + "@example.org", "", null), YESTERDAY, "10:00");
        }
        camel.getRouteController().startRoute(ROUTE);

        MimeMessage digest = awaitDigests(1).get(0);
        assertThat(part(digest, "text/plain")).contains("And 3 more in the attachment.");
        assertThat(json.readTree(attachment(digest))).hasSize(properties.maxListed() + 3);
    }

    @Test
    void shouldSendNothingForADayWithoutEvents() throws Exception {
        store(event("pricing-bot", "Lead", "New", "new@example.org", "", null), TODAY, "00:01");

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(day(YESTERDAY)).containsEntry("state", "skipped"));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> digests().isEmpty());
    }

    @Test
    void shouldClaimADayWithoutEventsWhenSendEmptyIsSet() {
        DailyDigest sendsEmpty = instance(new DigestProperties(
                properties.to(),
                properties.time(),
                true,
                properties.catchUpDays(),
                properties.tick(),
                properties.lease(),
                properties.retryDelay(),
                properties.maxListed()));

        List<DailyDigest.Claim> claims = sendsEmpty.claimDue();

        assertThat(claims).extracting(DailyDigest.Claim::day).containsExactly(YESTERDAY);
        assertThat(sendsEmpty.view(claims.get(0)))
                .containsEntry("nothing", true)
                .containsEntry(
                        "subject",
                        "neoagent daily digest, "
                                + java.time.format.DateTimeFormatter.ofPattern(
                                                "EEE d MMM yyyy", java.util.Locale.ENGLISH)
                                        .format(YESTERDAY)
                                + ": no events");
        assertThat(new String(sendsEmpty.attachment(YESTERDAY), StandardCharsets.UTF_8))
                .isEqualTo("[]\n");
    }

    // ---- late rather than never

    @Test
    void shouldSendTheMissedDaysLateOldestFirst() throws Exception {
        // the digest ran three days ago; then the bridge was down: the two days since are due
        jdbc.update(
                "INSERT INTO digest_day (day, state, attempts, events, updated_at) VALUES (?, 'sent', 1, 1, 0)",
                YESTERDAY.minusDays(2).toString());
        store(event("pricing-bot", "Lead", "Before", "b@example.org", "", null), YESTERDAY.minusDays(1), "08:00");
        store(event("clinic-bot", "Appointment", "After", "a@example.org", "", "Friday"), YESTERDAY, "08:00");
        // a day that failed long ago, beyond digest.catch-up-days: given up
        jdbc.update(
                "INSERT INTO digest_day (day, state, attempts, claimed_until, updated_at) VALUES (?, 'failed', 9, 0, 0)",
                YESTERDAY.minusDays(6).toString());

        camel.getRouteController().startRoute(ROUTE);

        List<MimeMessage> sent = awaitDigests(2);
        assertThat(sent.get(0).getSubject()).endsWith(": 1 lead, 0 appointments");
        assertThat(json.readTree(attachment(sent.get(0)))).isEqualTo(json.readTree(dayEvents(YESTERDAY.minusDays(1))));
        assertThat(sent.get(1).getSubject()).endsWith(": 0 leads, 1 appointment");
        assertThat(json.readTree(attachment(sent.get(1)))).isEqualTo(json.readTree(dayEvents(YESTERDAY)));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> digests().size() == 2);
        assertThat(day(YESTERDAY.minusDays(6))).containsEntry("state", "missed");
    }

    @Test
    void shouldSayOnceWhichDaysWereNotSentAfterADowntimeLongerThanTheCatchUp(CapturedOutput output) throws Exception {
        // the digest last ran ten days ago: of the days since, the last digest.catch-up-days (3) are still sent
        jdbc.update(
                "INSERT INTO digest_day (day, state, attempts, events, updated_at) VALUES (?, 'sent', 1, 1, 0)",
                YESTERDAY.minusDays(10).toString());
        store(event("pricing-bot", "Lead", "Late", "l@example.org", "", null), YESTERDAY.minusDays(2), "08:00");
        store(event("pricing-bot", "Lead", "Lost", "x@example.org", "", null), YESTERDAY.minusDays(3), "08:00");

        camel.getRouteController().startRoute(ROUTE);

        List<MimeMessage> sent = awaitDigests(1);
        assertThat(json.readTree(attachment(sent.get(0)))).isEqualTo(json.readTree(dayEvents(YESTERDAY.minusDays(2))));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(day(YESTERDAY)).containsEntry("state", "skipped"));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> digests().size() == 1);
        assertThat(output.getAll())
                .containsOnlyOnce("Daily digests of " + YESTERDAY.minusDays(9) + " to " + YESTERDAY.minusDays(3)
                        + " were not sent");
    }

    @Test
    void shouldTryAgainAfterSmtpFailedAndStillSendOnce(CapturedOutput output) throws Exception {
        store(event("pricing-bot", "Lead", "David", "david@example.org", "", null), YESTERDAY, "09:15");
        smtp().stop();

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(day(YESTERDAY))
                        .containsEntry("state", "failed")
                        .hasEntrySatisfying(
                                "last_error",
                                error -> assertThat((String) error).startsWith("SMTP MailConnectException")));
        smtp().start();

        MimeMessage digest = awaitDigests(1).get(0);
        assertThat(json.readTree(attachment(digest))).hasSize(1);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> digests().size() == 1);
        assertThat(day(YESTERDAY)).containsEntry("state", "sent");
        assertThat(((Number) day(YESTERDAY).get("attempts")).intValue()).isGreaterThan(1);
        assertThat(output.getAll())
                .containsOnlyOnce("Daily digest of " + YESTERDAY + " could not be sent")
                .contains("Daily digest sent again after");
    }

    // ---- one digest, however many instances

    @Test
    void shouldLetExactlyOneOfSeveralInstancesClaimTheDay() throws Exception {
        store(event("pricing-bot", "Lead", "David", "david@example.org", "", null), YESTERDAY, "09:15");
        int instances = 4;
        List<DailyDigest> bridges = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            bridges.add(instance(properties));
        }
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        try {
            List<Future<List<DailyDigest.Claim>>> claims = new ArrayList<>();
            for (DailyDigest bridge : bridges) {
                claims.add(threads.submit(() -> {
                    together.await();
                    return bridge.claimDue();
                }));
            }
            List<DailyDigest.Claim> all = new ArrayList<>();
            for (Future<List<DailyDigest.Claim>> claim : claims) {
                all.addAll(claim.get());
            }
            assertThat(all).extracting(DailyDigest.Claim::day).containsExactly(YESTERDAY);
        } finally {
            threads.shutdownNow();
        }
        // and no instance claims it again while it is being sent
        for (DailyDigest bridge : bridges) {
            assertThat(bridge.claimDue()).isEmpty();
        }
    }

    @Test
    void shouldTakeOverTheDayOfAnInstanceThatCrashedWhileSending() {
        store(event("pricing-bot", "Lead", "David", "david@example.org", "", null), YESTERDAY, "09:15");
        DailyDigest crashed = instance(withLease(Duration.ofMillis(1)));
        DailyDigest.Claim lost = crashed.claimDue().get(0);

        DailyDigest other = instance(properties);
        await().atMost(Duration.ofSeconds(5)).until(() -> !other.claimDue().isEmpty());

        // the crashed instance, back, cannot record the day it no longer holds
        assertThat(digests.sent(lost.day(), lost.token(), 1, "<lost@bridge.example>", 0))
                .isFalse();
        assertThat(day(YESTERDAY)).containsEntry("state", "sending").containsEntry("attempts", 2);
    }

    // ---- helpers

    DailyDigest instance(DigestProperties digest) {
        return new DailyDigest(
                digest,
                mail,
                staffEmail,
                digests,
                gate,
                identity,
                smtpFailures,
                json,
                Clock.systemUTC(),
                "https://bridge-admin.shop.example");
    }

    DigestProperties withLease(Duration lease) {
        return new DigestProperties(
                properties.to(),
                properties.time(),
                properties.sendEmpty(),
                properties.catchUpDays(),
                properties.tick(),
                lease,
                properties.retryDelay(),
                properties.maxListed());
    }

    static String event(String chatbot, String type, String firstName, String email, String phone, String content) {
        return "{\"SerialNumber\":\"" + chatbot + "\",\"Type\":\"" + type + "\",\"FirstName\":\"" + firstName
                + "\",\"LastName\":\"Garcia\",\"Email\":\"" + email + "\",\"PhoneNumber\":\"" + phone + "\","
                + "\"CreateTime\":\"2023-11-23T18:36:21.512302Z\""
                + (content == null ? "" : ",\"Content\":\"" + content + "\"") + ",\"ID session\":31305,"
                + "\"URI\":\"https://shop.example/" + firstName.hashCode() + "\"}";
    }

    /** Stores {@code body} as an event received on {@code day} at {@code time} (in the digest's zone). */
    long store(String body, LocalDate day, String time) {
        try {
            NeoagentEvent event =
                    parser.parse(body.getBytes(StandardCharsets.UTF_8)).get(0);
            long receivedAt =
                    day.atTime(LocalTime.parse(time)).atZone(ZONE).toInstant().toEpochMilli();
            return gate.write(() -> repository.insertEvent(event, receivedAt)).orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void delivery(long eventId, String channel, String state, String lastError) {
        jdbc.update(
                "INSERT INTO inbox_delivery (event_id, channel, state, attempts, next_attempt_at, last_error,"
                        + " created_at, updated_at) VALUES (?, ?, ?, 3, ?, ?, 0, 0)",
                eventId,
                channel,
                state,
                NEVER,
                lastError);
    }

    /** The stored payloads of the day's events, as one JSON array. */
    String dayEvents(LocalDate day) {
        long from = day.atStartOfDay(ZONE).toInstant().toEpochMilli();
        long until = day.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        return "["
                + String.join(
                        ",",
                        jdbc.queryForList(
                                "SELECT payload FROM inbox_event WHERE received_at >= ? AND received_at < ?"
                                        + " ORDER BY received_at, id",
                                String.class,
                                from,
                                until))
                + "]";
    }

    Map<String, Object> day(LocalDate day) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM digest_day WHERE day = ?", day.toString());
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** The digests the first recipient got, in the order they came (GreenMail keeps one copy per recipient). */
    List<MimeMessage> digests() throws Exception {
        GreenMailUser boss = smtp().getUserManager().getUserByEmail(BOSS);
        if (boss == null) {
            return List.of();
        }
        List<MimeMessage> messages = new ArrayList<>();
        for (StoredMessage message :
                smtp().getManagers().getImapHostManager().getInbox(boss).getMessages()) {
            messages.add(message.getMimeMessage());
        }
        return messages;
    }

    List<MimeMessage> awaitDigests(int count) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> digests().size() >= count);
        return digests();
    }

    static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    static BodyPart attachmentPart(MimeMessage message) throws Exception {
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.isMimeType("application/json")).isTrue();
        return attachment;
    }

    static String attachmentName(MimeMessage message) throws Exception {
        return attachmentPart(message).getFileName();
    }

    static byte[] attachment(MimeMessage message) throws Exception {
        try (var in = attachmentPart(message).getInputStream()) {
            return in.readAllBytes();
        }
    }
}
