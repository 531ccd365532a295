package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The org's daily API allowance, told by Salesforce with each answer ({@code Sforce-Limit-Info}): kept as metrics,
 * warned about at 80 %, and from 90 % on leads go only when due alone while batches wait; over HTTP against the
 * Salesforce stand-in. Each test starts a bridge that has not been told any usage yet.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            "salesforce.api-usage.recheck=500ms",
            "delivery.poll-interval=200ms",
            "delivery.retry.initial-delay=1h",
            "delivery.retry.jitter=0"
        })
class SalesforceApiAllowanceTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    WebhookClient webhook;
    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        webhook = new WebhookClient(port);
    }

    private void send(int... sessions) {
        String body = "["
                + IntStream.of(sessions)
                        .mapToObj(session -> LeadBatchesToSalesforceTest.lead(session, "Visitor " + session))
                        .collect(Collectors.joining(","))
                + "]";
        assertThat(webhook.postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private Map<String, Long> statesByCount() {
        return inbox.deliveryRows().stream()
                .collect(Collectors.groupingBy(row -> (String) row.get("state"), Collectors.counting()));
    }

    private void awaitStates(Map<String, Long> states) {
        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(states));
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static long count(CapturedOutput output, String text) {
        return Pattern.compile(Pattern.quote(text))
                .matcher(output.getAll())
                .results()
                .count();
    }

    @Test
    void shouldKeepTheUsageSalesforceTellsAsMetricsAndWarnOnceAtEightyPercent(CapturedOutput output) {
        assertThat(gauge("neoagent.salesforce.api.usage")).isNaN();
        SALESFORCE.reportApiUsage(4_100, 5_000);
        send(6001);
        awaitStates(Map.of("delivered", 1L));

        assertThat(gauge("neoagent.salesforce.api.requests.used")).isEqualTo(4_100);
        assertThat(gauge("neoagent.salesforce.api.requests.limit")).isEqualTo(5_000);
        assertThat(gauge("neoagent.salesforce.api.usage")).isEqualTo(0.82);
        assertThat(gauge("neoagent.salesforce.api.slowed.down")).isZero();

        SALESFORCE.reportApiUsage(4_200, 5_000);
        send(6002);
        awaitStates(Map.of("delivered", 2L));
        assertThat(gauge("neoagent.salesforce.api.requests.used")).isEqualTo(4_200);
        assertThat(count(output, "Salesforce API usage is at 82 % of the org's daily allowance (4100 of 5000 calls)"))
                .isEqualTo(1);
        assertThat(count(output, "Salesforce API usage is at")).isEqualTo(1);
        // the answer's header is read, never sent on with a later call
        assertThat(SALESFORCE.all())
                .allSatisfy(request ->
                        assertThat(request.containsHeader("Sforce-Limit-Info")).isFalse());
    }

    @Test
    void shouldSendOnlyLeadsDueAloneAndHoldBatchesWhileUsageIsAtNinetyPercent(CapturedOutput output) {
        SALESFORCE.reportApiUsage(4_600, 5_000);
        send(7001);
        awaitStates(Map.of("delivered", 1L));
        assertThat(gauge("neoagent.salesforce.api.slowed.down")).isEqualTo(1);
        assertThat(output.getAll()).contains("at or above salesforce.api-usage.slow-down-at (90 %)");

        // a lead due alone still goes, in its own call
        send(7002);
        awaitStates(Map.of("delivered", 2L));

        // three due together wait: no batch call while the org is near its allowance, even when asked again
        send(7003, 7004, 7005);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> statesByCount().equals(Map.of("delivered", 2L, "pending", 3L)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !SALESFORCE.limitsRequests().isEmpty());
        assertThat(SALESFORCE.leadCollectionCalls()).isEmpty();

        // the usage fell (the next day's allowance): the recheck tells it, and the three go in one call
        SALESFORCE.reportApiUsage(1_000, 5_000);
        awaitStates(Map.of("delivered", 5L));
        assertThat(SALESFORCE.leadCollectionCalls()).hasSize(1);
        assertThat(gauge("neoagent.salesforce.api.slowed.down")).isZero();
        assertThat(output.getAll()).contains("go at full pace again");
    }
}
