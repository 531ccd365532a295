package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests that arrive while the inbox is committing are committed together, in one transaction (one
 * fsync), and each is answered only after that commit. A request that cannot be stored fails alone.
 * The tests hold SQLite's write lock from another connection so that requests pile up behind it.
 */
@BridgeTest
@AutoConfigureObservability
@DirtiesContext
class InboxGroupCommitTest {

    static Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    Inbox inbox;

    @Autowired
    NeoagentEventParser parser;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    final ExecutorService senders = Executors.newFixedThreadPool(32);
    Connection lockHolder;

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        dataDir = TestSupport.sqliteInbox(registry);
    }

    @BeforeEach
    void emptyInbox() {
        jdbc.update("DELETE FROM inbox_delivery");
        jdbc.update("DELETE FROM inbox_event");
    }

    @AfterEach
    void stop() throws Exception {
        senders.shutdownNow();
        if (lockHolder != null) {
            lockHolder.close();
        }
    }

    @Test
    void shouldCommitRequestsThatArriveDuringACommitTogether() throws Exception {
        double commitsBefore = commits();
        holdWriteLock();
        List<CompletableFuture<StoreResult>> replies = new ArrayList<>();
        replies.add(store(lead(0)));
        awaitWaitingForCommit(1); // its commit now waits for the lock
        for (int i = 1; i < 20; i++) {
            replies.add(store(lead(i)));
        }
        awaitWaitingForCommit(20);
        assertThat(replies).noneMatch(CompletableFuture::isDone);

        releaseWriteLock();

        for (CompletableFuture<StoreResult> reply : replies) {
            assertThat(reply.get(10, TimeUnit.SECONDS).storedEventIds()).hasSize(1);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class))
                .isEqualTo(20);
        // the first request's commit, then one for the 19 that queued behind it (one for all 20 if the writer
        // had not yet taken the first when the others arrived)
        assertThat(commits() - commitsBefore).as("transactions for 20 requests").isBetween(1.0, 2.0);
    }

    @Test
    void shouldCommitWebhookRequestsThatArriveDuringACommitTogether() throws Exception {
        double commitsBefore = commits();
        holdWriteLock();
        WebhookClient client = new WebhookClient(port);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        replies.add(CompletableFuture.supplyAsync(() -> client.post(signedLead(0)), senders));
        awaitWaitingForCommit(1);
        for (int i = 1; i < 20; i++) {
            int number = i;
            replies.add(CompletableFuture.supplyAsync(() -> client.post(signedLead(number)), senders));
        }
        // every request in progress at once: none waits for a free worker thread before it reaches the inbox
        awaitWaitingForCommit(20);

        releaseWriteLock();

        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertThat(reply.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"status\":\"success\"}");
        }
        assertThat(commits() - commitsBefore)
                .as("transactions for 20 concurrent webhook requests")
                .isBetween(1.0, 2.0);
    }

    @Test
    void shouldFailOnlyTheRequestThatCannotBeStoredWhenCommittedTogether() throws Exception {
        holdWriteLock();
        CompletableFuture<StoreResult> first = store(lead(0));
        awaitWaitingForCommit(1);
        CompletableFuture<StoreResult> second = store(lead(1));
        CompletableFuture<StoreResult> unstorable = store(List.of(new RoutedEvent(
                new NeoagentEvent(null, "{}", JsonNodeFactory.instance.objectNode()), List.of("salesforce-lead"))));
        CompletableFuture<StoreResult> third = store(lead(2));
        awaitWaitingForCommit(4);

        releaseWriteLock();

        assertThat(first.get(10, TimeUnit.SECONDS).storedEventIds()).hasSize(1);
        assertThat(second.get(10, TimeUnit.SECONDS).storedEventIds()).hasSize(1);
        assertThat(third.get(10, TimeUnit.SECONDS).storedEventIds()).hasSize(1);
        assertThatThrownBy(() -> unstorable.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InboxUnavailableException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_delivery", Integer.class))
                .isEqualTo(3);
    }

    @Test
    void shouldStoreAnEventSentTwiceInOneCommitOnce() throws Exception {
        holdWriteLock();
        CompletableFuture<StoreResult> first = store(lead(0));
        awaitWaitingForCommit(1);
        CompletableFuture<StoreResult> original = store(lead(7));
        CompletableFuture<StoreResult> retry = store(lead(7));
        awaitWaitingForCommit(3);

        releaseWriteLock();

        first.get(10, TimeUnit.SECONDS);
        List<StoreResult> both = List.of(original.get(10, TimeUnit.SECONDS), retry.get(10, TimeUnit.SECONDS));
        assertThat(both).extracting(result -> result.storedEventIds().size()).containsExactlyInAnyOrder(1, 0);
        assertThat(both).extracting(StoreResult::duplicates).containsExactlyInAnyOrder(0, 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class))
                .isEqualTo(2);
    }

    private CompletableFuture<StoreResult> store(List<RoutedEvent> events) {
        return CompletableFuture.supplyAsync(() -> inbox.store(events), senders);
    }

    private static String leadBody(int number) {
        return "{\"Type\":\"Lead\",\"LastName\":\"Group-" + number + "\",\"ID session\":" + number + "}";
    }

    private static SignedRequest signedLead(int number) {
        return SignedRequest.of(leadBody(number)).at(Instant.now());
    }

    private List<RoutedEvent> lead(int number) throws Exception {
        return parser.parse(leadBody(number).getBytes(StandardCharsets.UTF_8)).stream()
                .map(event -> new RoutedEvent(event, List.of("salesforce-lead")))
                .toList();
    }

    private void holdWriteLock() throws Exception {
        lockHolder = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("inbox.db"));
        try (Statement statement = lockHolder.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
        }
    }

    private void releaseWriteLock() throws Exception {
        try (Statement statement = lockHolder.createStatement()) {
            statement.execute("ROLLBACK");
        }
    }

    /** Waits until this many requests wait for their commit (the gauge operators see). */
    private void awaitWaitingForCommit(int requests) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(meters.get("neoagent.inbox.commit.waiting")
                                .gauge()
                                .value())
                        .isEqualTo(requests));
    }

    private double commits() {
        var counter = meters.find("neoagent.inbox.commits").counter();
        return counter == null ? 0 : counter.count();
    }
}
