package io.neoagent.bridge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestPostgres;
import io.neoagent.bridge.delivery.DeliveryChannels;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Two bridges on one PostgreSQL inbox look for incidents at the same moment: each incident and its end are announced
 * once, by one of them.
 */
@BridgeTest
@EnabledIfEnvironmentVariable(
        named = TestPostgres.URL_VARIABLE,
        matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE
                + " (as .ci/run does) to run on PostgreSQL")
@Import(TestPostgres.CleanSchema.class)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.FAST_POLL,
            "alerts.failing-for=1s",
            // this test's own calls look, not the route's timer
            "alerts.check-interval=1h"
        })
class ChannelAlertsOnPostgresTest {

    static final String SCHEMA = "bridge_alerts_test";

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ChannelAlerts first;

    @Autowired
    AlertIncidents incidents;

    @Autowired
    InboxRepository inbox;

    @Autowired
    DeliveryChannels channels;

    @Autowired
    AlertProperties properties;

    @Autowired
    ObjectMapper json;

    @Autowired
    Environment environment;

    ChannelAlerts second;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry, SCHEMA);
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        new InboxRows(jdbc).clear();
        jdbc.update("DELETE FROM alert_incident");
        second = new ChannelAlerts(
                incidents,
                inbox,
                channels,
                properties,
                Clock.systemUTC(),
                json,
                new SimpleMeterRegistry(),
                environment,
                "");
    }

    /** Both bridges look at once, several times; every alert either of them claimed. */
    private List<ChannelAlerts.Alert> bothLook() {
        List<ChannelAlerts.Alert> claimed = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<List<ChannelAlerts.Alert>> a =
                    CompletableFuture.supplyAsync(() -> lookAfter(together, first));
            CompletableFuture<List<ChannelAlerts.Alert>> b =
                    CompletableFuture.supplyAsync(() -> lookAfter(together, second));
            claimed.addAll(a.join());
            claimed.addAll(b.join());
        }
        return claimed;
    }

    private static List<ChannelAlerts.Alert> lookAfter(CyclicBarrier together, ChannelAlerts bridge) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return bridge.due();
    }

    @Test
    void shouldAnnounceEachIncidentAndItsEndOnceAcrossTwoBridges() {
        SALESFORCE.answerLeads(
                400, "[{\"message\":\"Rejected by a rule\",\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\"}]");
        new WebhookClient(port).postSigned(SignedRequest.LEAD);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new InboxRows(jdbc).deliveryStates().equals(List.of("salesforce-lead:dead")));

        List<ChannelAlerts.Alert> began = bothLook();
        assertThat(began).singleElement().satisfies(alert -> {
            assertThat(alert.channel()).isEqualTo("salesforce-lead");
            assertThat(alert.kind()).isEqualTo("dead");
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert_incident", Integer.class))
                .isEqualTo(1);

        SALESFORCE.reset();
        new WebhookClient(port).postSigned(SignedRequest.LEAD.replace("31305", "31306"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new InboxRows(jdbc).deliveryStates().contains("salesforce-lead:delivered"));

        assertThat(bothLook())
                .singleElement()
                .satisfies(alert -> assertThat(alert.kind()).isEqualTo("recovered"));
    }
}
