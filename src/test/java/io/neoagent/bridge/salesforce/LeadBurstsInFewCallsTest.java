package io.neoagent.bridge.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The org's API allowance: leads arriving a few milliseconds apart, each its own request, are gathered into few
 * sObject Collections calls; and a backlog left by an outage goes out in full batches once Salesforce answers again,
 * not each lead on its own retry schedule. The gathering window is longer here (2 s) than its default, so the bound
 * on calls holds however slowly this machine sends; no poll and hour-long retries, so every pass is one the bridge
 * starts itself.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            "delivery.channels.salesforce-lead.batch.gather=2s",
            "delivery.poll-interval=1h",
            "delivery.retry.initial-delay=1h",
            "delivery.retry.jitter=0"
        })
class LeadBurstsInFewCallsTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String UNAVAILABLE = "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down for maintenance\"}]";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient webhook;
    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        webhook = new WebhookClient(port);
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    private void send(List<String> events) {
        String body = events.size() == 1 ? events.get(0) : "[" + String.join(",", events) + "]";
        assertThat(webhook.postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private Map<String, Long> statesByCount() {
        return inbox.deliveryRows().stream()
                .collect(Collectors.groupingBy(row -> (String) row.get("state"), Collectors.counting()));
    }

    /** Every call that carried leads: sObject Collections upserts and single upserts. */
    private static List<LoggedRequest> leadCalls() {
        return SALESFORCE.all().stream()
                .filter(call -> call.getUrl().startsWith(SalesforceStandIn.LEADS)
                        || call.getUrl().startsWith(SalesforceStandIn.LEAD_COLLECTIONS))
                .toList();
    }

    private static int leadsIn(LoggedRequest call) {
        if (!call.getUrl().startsWith(SalesforceStandIn.LEAD_COLLECTIONS)) {
            return 1;
        }
        try {
            return JSON.readTree(call.getBodyAsString()).path("records").size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldGatherLeadsSentAFewMillisecondsApartByFourClientsIntoFewCalls() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int first = 1000 + client * 25;
            sent.add(clients.submit(() -> IntStream.range(first, first + 25)
                    .forEach(session ->
                            send(List.of(LeadBatchesToSalesforceTest.lead(session, "Visitor " + session))))));
        }
        for (Future<?> client : sent) {
            client.get();
        }
        clients.shutdown();

        await().atMost(Duration.ofSeconds(30)).until(() -> statesByCount().equals(Map.of("delivered", 100L)));
        // one pass per commit would make dozens of calls; gathered, the 100 leads go in one or two (three if this
        // machine took more than two windows to send them)
        assertThat(leadCalls().size()).as("Salesforce calls").isLessThanOrEqualTo(3);
        assertThat(leadCalls().stream()
                        .mapToInt(LeadBurstsInFewCallsTest::leadsIn)
                        .sum())
                .isEqualTo(100);
        assertThat(inbox.deliveryRows())
                .allSatisfy(row -> assertThat(row.get("attempts")).isEqualTo(1));
    }

    @Test
    void shouldSendABacklogLeftByA503OutageInFullBatchesOnceSalesforceAnswersAgain() {
        SALESFORCE.answerLeadCollections(503, UNAVAILABLE);
        SALESFORCE.answerLeads(503, UNAVAILABLE);

        backlogGoesInFullBatchesOnceBack(450);
    }

    @Test
    void shouldSendABacklogLeftByDroppedConnectionsInFullBatchesOnceSalesforceAnswersAgain() {
        for (String path : List.of(SalesforceStandIn.LEAD_COLLECTIONS + "/[^/]+", SalesforceStandIn.LEADS + "/.+/.+")) {
            SALESFORCE
                    .server()
                    .stubFor(patch(urlPathMatching(path))
                            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        }

        backlogGoesInFullBatchesOnceBack(250);
    }

    /**
     * {@code leads} leads fail while Salesforce is down (each retried only an hour later); once it is back, one new
     * lead goes through, and the backlog follows at once in at most one call per 200 and one more.
     */
    private void backlogGoesInFullBatchesOnceBack(int leads) {
        for (int from = 0; from < leads; from += 90) {
            send(IntStream.range(from, Math.min(leads, from + 90))
                    .mapToObj(i -> LeadBatchesToSalesforceTest.lead(2000 + i, "Waiting " + i))
                    .toList());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> statesByCount().equals(Map.of("retrying", (long) leads)));
        assertThat(inbox.deliveryRows())
                .as("failed because Salesforce was down, not on their own")
                .allSatisfy(row -> assertThat(row.get("channel_down")).isEqualTo(1));

        SALESFORCE.reset();
        send(List.of(LeadBatchesToSalesforceTest.lead(9999, "First After")));

        await().atMost(Duration.ofSeconds(30)).until(() -> statesByCount().equals(Map.of("delivered", leads + 1L)));
        assertThat(leadCalls().size()).as("Salesforce calls").isLessThanOrEqualTo((leads + 1 + 199) / 200 + 1);
        assertThat(leadCalls().stream()
                        .mapToInt(LeadBurstsInFewCallsTest::leadsIn)
                        .sum())
                .as("each lead once")
                .isEqualTo(leads + 1);
        assertThat(inbox.deliveryRows().stream().map(row -> row.get("attempts")))
                .as("the backlog's second attempt, the new lead's first")
                .containsOnly(2, 1)
                .filteredOn(attempts -> attempts.equals(1))
                .hasSize(1);
    }
}
