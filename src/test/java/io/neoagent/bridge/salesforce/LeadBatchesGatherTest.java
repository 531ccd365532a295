package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.mail.RejectingSmtpServer;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * While Salesforce leads gather for their call, a full batch goes at once, and nothing else waits: the window here
 * is an hour, so whatever goes out went without waiting for it. Batches of 10, every lead also e-mailed to staff.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.MAIL,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            "delivery.channels.salesforce-lead.batch.size=10",
            "delivery.channels.salesforce-lead.batch.gather=1h",
            "routing.lead=salesforce-lead,lead-email",
            "staff-email.recipients.lead-email.to=desk@shop.example",
            "delivery.poll-interval=1h"
        })
class LeadBatchesGatherTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @RegisterExtension
    static final RejectingSmtpServer SMTP = RejectingSmtpServer.start();

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient webhook;
    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SALESFORCE.configure(registry);
        registry.add("mail.port", SMTP::port);
    }

    @BeforeEach
    void setUp() {
        webhook = new WebhookClient(port);
        inbox = new InboxRows(jdbc);
        inbox.clear();
        SMTP.acceptMessages();
        SMTP.clearMessages();
    }

    private Map<String, Long> statesOf(String channel) {
        return inbox.deliveryRows().stream()
                .filter(row -> channel.equals(row.get("channel")))
                .collect(Collectors.groupingBy(row -> (String) row.get("state"), Collectors.counting()));
    }

    @Test
    void shouldSendFullBatchesAtOnceWhileTheRestGathers() throws Exception {
        String leads = IntStream.rangeClosed(1, 23)
                .mapToObj(i -> LeadBatchesToSalesforceTest.lead(6000 + i, "Visitor " + i))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(webhook.postSigned(leads).body()).isEqualTo("{\"status\":\"success\"}");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> statesOf("salesforce-lead").equals(Map.of("delivered", 20L, "pending", 3L)));
        List<LoggedRequest> calls = SALESFORCE.leadCollectionCalls();
        assertThat(calls).hasSize(2);
        for (LoggedRequest call : calls) {
            assertThat(JSON.readTree(call.getBodyAsString()).path("records")).hasSize(10);
        }
        // the oldest 20 went; the last 3 wait for more to fill their call, up to the window
        List<Map<String, Object>> leadRows = inbox.deliveryRows().stream()
                .filter(row -> "salesforce-lead".equals(row.get("channel")))
                .toList();
        assertThat(leadRows.subList(20, 23)).allSatisfy(row -> assertThat(row).containsEntry("state", "pending"));
    }

    @Test
    void shouldNotHoldBackTheStaffEmailOfALeadThatGathers() {
        assertThat(webhook.postSigned(LeadBatchesToSalesforceTest.lead(7001, "Alone"))
                        .body())
                .isEqualTo("{\"status\":\"success\"}");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> statesOf("lead-email").equals(Map.of("delivered", 1L)));
        assertThat(SMTP.messages()).hasSize(1);
        assertThat(statesOf("salesforce-lead")).as("gathering").isEqualTo(Map.of("pending", 1L));
        assertThat(SALESFORCE.leadCollectionCalls()).isEmpty();
    }
}
