package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeProcess;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.SigningKeys;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leads accepted before Salesforce was configured, and while Salesforce is down, are delivered, once each, after the bridge restarts and
 * Salesforce comes back. Also reports the idle delivery lag: intake reply to the stand-in receiving the lead.
 */
class SalesforceOutageRestartIT {

    private static final String[] FAST_RETRIES = {
        "--delivery.poll-interval=200ms", "--delivery.retry.initial-delay=300ms",
        "--delivery.retry.max-delay=1s", "--delivery.retry.jitter=0"
    };

    @TempDir
    Path dataDir;

    @Test
    void shouldDeliverHeldLeadsAndLeadsAcceptedDuringAnOutageAfterRestartOnceEach() throws Exception {
        int salesforcePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            salesforcePort = socket.getLocalPort();
        }
        Map<String, String> environment = Map.of(
                "SALESFORCE_LOGIN_URL", "http://127.0.0.1:" + salesforcePort,
                "SALESFORCE_CLIENT_ID", "test-client",
                "SALESFORCE_CLIENT_SECRET", "test-secret");

        // not configured yet: leads are held
        try (BridgeProcess bridge = BridgeProcess.start(dataDir, Map.of(), FAST_RETRIES)) {
            WebhookClient webhook = new WebhookClient(bridge.port());
            for (int i = 0; i < 2; i++) {
                assertThat(webhook.post(signed(lead("Held" + i))).body()).isEqualTo("{\"status\":\"success\"}");
            }
            assertThat(states()).containsExactly("held", "held");
            assertThat(Files.readString(dataDir.resolve("bridge.log")))
                    .contains("Delivery channel salesforce-lead is not configured");
        }

        // configured, but Salesforce is down: held leads are released and join the new ones in retrying
        try (BridgeProcess bridge = BridgeProcess.start(dataDir, environment, FAST_RETRIES)) {
            WebhookClient webhook = new WebhookClient(bridge.port());
            for (int i = 0; i < 3; i++) {
                assertThat(webhook.post(signed(lead("Outage" + i))).body()).isEqualTo("{\"status\":\"success\"}");
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> states().stream().allMatch("retrying"::equals) && states().size() == 5);
        }

        // Salesforce is back: after the restart every lead goes out, once

        try (SalesforceStandIn salesforce = new SalesforceStandIn(salesforcePort);
                BridgeProcess bridge = BridgeProcess.start(dataDir, environment, FAST_RETRIES)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> states().stream().allMatch("delivered"::equals));
            assertThat(salesforce.leadCreates()).hasSize(5);
            assertThat(salesforce.leadCreates().stream()
                            .map(r -> r.getBodyAsString().replaceAll(".*\"FirstName\":\"([^\"]+)\".*", "$1")))
                    .containsExactlyInAnyOrder("Held0", "Held1", "Outage0", "Outage1", "Outage2");

            reportIdleDeliveryLag(bridge, salesforce);
        }
    }

    /** Sends leads one at a time at idle and prints how long after each reply the stand-in received it. */
    private void reportIdleDeliveryLag(BridgeProcess bridge, SalesforceStandIn salesforce) throws Exception {
        WebhookClient webhook = new WebhookClient(bridge.port());
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int before = salesforce.leadCreates().size();
            HttpResponse<String> response = webhook.post(signed(lead("Lag" + i)));
            long replied = System.currentTimeMillis();
            assertThat(response.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> salesforce.leadCreates().size() > before);
            lags.add(salesforce
                            .leadCreates()
                            .get(salesforce.leadCreates().size() - 1)
                            .getLoggedDate()
                            .toInstant()
                            .toEpochMilli()
                    - replied);
            // idle again: the outcome is recorded before the next lead is sent
            await().atMost(Duration.ofSeconds(10)).until(() -> states().stream().allMatch("delivered"::equals));
        }
        lags.sort(Long::compare);
        System.out.printf(
                "Idle delivery lag, intake reply to Salesforce stand-in request (ms, 20 leads): p50=%d max=%d all=%s%n",
                lags.get(lags.size() / 2), lags.get(lags.size() - 1), lags);
        assertThat(lags.get(lags.size() - 1))
                .as("idle delivery lag must not wait for a poll")
                .isLessThan(5_000);
    }

    private SignedRequest signed(String body) throws Exception {
        String key = Files.readString(dataDir.resolve(SigningKeys.GENERATED_KEY_FILE))
                .strip();
        return SignedRequest.of(body).signedWith(key).at(Instant.now());
    }

    private static String lead(String firstName) {
        return "{\"SerialNumber\":\"restart\",\"Type\":\"Lead\",\"FirstName\":\"" + firstName
                + "\",\"LastName\":\"X\",\"ID session\":1}";
    }

    private List<String> states() throws Exception {
        List<String> states = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("inbox.db"));
                ResultSet rows = db.createStatement().executeQuery("SELECT state FROM inbox_delivery ORDER BY id")) {
            while (rows.next()) {
                states.add(rows.getString(1));
            }
        }
        return states;
    }
}
