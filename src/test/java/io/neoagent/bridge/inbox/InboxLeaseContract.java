package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.delivery.DeliveryChannels;
import io.neoagent.bridge.delivery.DeliveryDispatcher;
import io.neoagent.bridge.delivery.DeliveryProperties;
import io.neoagent.bridge.delivery.FailureClassifier;
import io.neoagent.bridge.mail.RejectingSmtpServer;
import io.neoagent.bridge.metrics.BridgeMetrics;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Attempts that outlast their lease (a 5 s lease; SMTP and Salesforce answer after 8 s) are sent once: the lease of
 * an attempt under way is renewed, this instance never claims what it is still sending, and another instance
 * claims nothing while the attempt runs. Run once per supported database by the subclasses.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.MAIL,
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            BridgeTest.SALESFORCE,
            "delivery.lease=5s",
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES
        })
abstract class InboxLeaseContract {

    static final Duration LEASE = Duration.ofSeconds(5);
    static final Duration SLOWER_THAN_THE_LEASE = Duration.ofSeconds(8);
    static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DeliveryChannels channels;

    @Autowired
    DeliveryProperties properties;

    @Autowired
    List<FailureClassifier> classifiers;

    @Autowired
    NeoagentEventParser parser;

    @Autowired
    InboxRepository repository;

    @Autowired
    BridgeMetrics metrics;

    @Autowired
    InboxWriteGate gate;

    InboxRows inbox;

    /** The SMTP server of the subclass, registered as its extension. */
    abstract RejectingSmtpServer smtp();

    /** The Salesforce stand-in of the subclass, registered as its extension. */
    abstract SalesforceStandIn salesforce();

    /** Points the bridge at the subclass's SMTP server and Salesforce stand-in. */
    static void peers(DynamicPropertyRegistry registry, RejectingSmtpServer smtp, SalesforceStandIn salesforce) {
        registry.add("mail.port", smtp::port);
        salesforce.configure(registry);
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        smtp().acceptMessages();
        smtp().holdMessageReplies();
        smtp().clearMessages();
    }

    @AfterEach
    void releaseHeldReplies() {
        smtp().releaseMessageReplies();
    }

    private void send(String event) {
        assertThat(new WebhookClient(port).postSigned(event).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private static String appointment(int n) {
        return "{\"Type\":\"Appointment\",\"FirstName\":\"Visitor" + n + "\",\"Content\":\"Monday " + n
                + "\",\"ID session\":" + n + "}";
    }

    private static String lead(int n) {
        return SignedRequest.LEAD
                .replace("\"FirstName\":\"David\"", "\"FirstName\":\"Visitor" + n + "\"")
                .replace("\"ID session\":31305", "\"ID session\":" + n);
    }

    private void awaitAllDelivered(int deliveries) {
        await().atMost(Duration.ofSeconds(40))
                .until(() -> inbox.deliveryStates().stream()
                                .filter(state -> state.endsWith(":delivered"))
                                .count()
                        == deliveries);
    }

    private static String messageId(String message) {
        Matcher id = MESSAGE_ID.matcher(message);
        return id.find() ? id.group(1) : "(none)";
    }

    /** A second bridge on the same inbox: the same beans, its own lease owner and in-flight set. */
    private DeliveryDispatcher anotherInstance() {
        DeliveryDispatcher other = new DeliveryDispatcher(
                repository,
                transaction,
                Clock.systemUTC(),
                channels,
                properties,
                classifiers,
                parser,
                metrics,
                gate,
                java.util.List.of());
        other.start();
        return other;
    }

    @Test
    void shouldSendEachEmailOnceWhenTheAttemptOutlastsTheLease() {
        IntStream.rangeClosed(1, 3).forEach(n -> send(appointment(n)));
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp().messages().size() == 3);

        // each message is counted when its data ends, before the held reply: a second send of any of them
        // would start at the latest when the lease ran out, while the first one still waits for its answer
        await().during(LEASE.plusSeconds(1))
                .atMost(LEASE.plusSeconds(3))
                .until(() -> smtp().messages().size() == 3);
        smtp().releaseMessageReplies();

        awaitAllDelivered(3);
        Map<String, Long> sendsPerMessage = smtp().messages().stream()
                .collect(Collectors.groupingBy(InboxLeaseContract::messageId, Collectors.counting()));
        assertThat(sendsPerMessage).hasSize(3);
        assertThat(sendsPerMessage.values()).as("sends per e-mail").containsOnly(1L);
        assertThat(inbox.deliveryRows()).allSatisfy(row -> assertThat(row).containsEntry("attempts", 1));
    }

    @Test
    void shouldSendEachLeadOnceWhenSalesforceAnswersAfterTheLease() {
        salesforce().answerLeadsAfter(SLOWER_THAN_THE_LEASE);
        IntStream.rangeClosed(1, 3).forEach(n -> send(lead(n)));

        awaitAllDelivered(3);
        Map<String, Long> createsPerLead = salesforce().leadCreates().stream()
                .map(request -> request.getBodyAsString().replaceAll(".*\"FirstName\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(createsPerLead).hasSize(3);
        assertThat(createsPerLead.values()).as("creates per lead").containsOnly(1L);
        assertThat(inbox.deliveryRows()).allSatisfy(row -> assertThat(row).containsEntry("attempts", 1));
    }

    @Test
    void shouldLetNoOtherInstanceClaimWhatIsStillBeingSentAfterTheLease() {
        send(appointment(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !smtp().messages().isEmpty());
        DeliveryDispatcher other = anotherInstance();

        // from the moment the message is on its way until past the end of the first lease, while it waits for
        // its reply: another instance polling all the while finds nothing to claim
        await().during(LEASE.plusSeconds(1))
                .atMost(LEASE.plusSeconds(3))
                .untilAsserted(() -> assertThat(other.claimDue().groups())
                        .as("claimed by another instance")
                        .isEmpty());
        other.stop();
        smtp().releaseMessageReplies();

        awaitAllDelivered(1);
        assertThat(smtp().messages()).hasSize(1);
    }
}
