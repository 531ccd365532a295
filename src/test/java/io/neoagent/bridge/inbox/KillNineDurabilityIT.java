package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.BridgeProcess;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.SigningKeys;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bridge acknowledged, it never loses: the packaged bridge, on its default SQLite inbox and its
 * generated key, is killed with {@code kill -9} right after a success reply while other requests are in
 * flight; after a restart every acknowledged event is stored exactly once.
 */
class KillNineDurabilityIT {

    private static final int SENDERS = 4;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 150;

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryAcknowledgedEventAcrossKillNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sequence = new AtomicInteger();
        try (BridgeProcess bridge = BridgeProcess.start(dataDir, Map.of())) {
            String key = Files.readString(dataDir.resolve(SigningKeys.GENERATED_KEY_FILE))
                    .strip();
            WebhookClient webhook = new WebhookClient(bridge.port());
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> sending = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                sending.add(senders.submit(() -> {
                    while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL) {
                        String name = "Lead" + sequence.incrementAndGet();
                        SignedRequest request =
                                SignedRequest.of(lead(name)).signedWith(key).at(Instant.now());
                        try {
                            HttpResponse<String> response = webhook.post(request);
                            if (response.statusCode() == 200 && response.body().equals("{\"status\":\"success\"}")) {
                                acknowledged.add(name);
                                if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) {
                                    bridge.killHard();
                                }
                            }
                        } catch (RuntimeException killedMidRequest) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            senders.shutdown();
            assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            for (Future<?> sender : sending) {
                sender.get(); // a sender that failed (the kill itself, say) fails the test with its cause
            }
        }

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        try (BridgeProcess restarted = BridgeProcess.start(dataDir, Map.of())) {
            List<String> stored = storedFirstNames();
            assertThat(stored).doesNotHaveDuplicates();
            assertThat(stored).containsAll(acknowledged);
            String key = Files.readString(dataDir.resolve(SigningKeys.GENERATED_KEY_FILE))
                    .strip();
            HttpResponse<String> afterRestart = new WebhookClient(restarted.port())
                    .post(SignedRequest.of(lead("AfterRestart")).signedWith(key).at(Instant.now()));
            assertThat(afterRestart.body()).isEqualTo("{\"status\":\"success\"}");
        }
    }

    private static String lead(String firstName) {
        return "{\"SerialNumber\":\"kill-nine\",\"Type\":\"Lead\",\"FirstName\":\"" + firstName
                + "\",\"ID session\":1}";
    }

    private List<String> storedFirstNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("inbox.db"));
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT payload FROM inbox_event")) {
            while (rows.next()) {
                String payload = rows.getString(1);
                int start = payload.indexOf("\"FirstName\":\"") + 13;
                names.add(payload.substring(start, payload.indexOf('"', start)));
            }
        }
        return names;
    }
}
