package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeProcess;
import io.neoagent.bridge.RawHttp;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bridge never answers the webhook with a 404 (an error to neoagent, which retries twice only): while it
 * starts, the webhook port either takes no connection yet or answers 503 with {@code Retry-After}, until the intake
 * route runs and the first other reply is success; while it stops, every reply is success or 503. Signed leads over
 * plain sockets on loopback, one after the other, from the moment the process starts.
 */
class WebhookWhileStartingOrStoppingIT {

    private static final String KEY = "starting-and-stopping-key";
    private static final String SUCCESS = "{\"status\":\"success\"}";
    private static final String NOT_RUNNING =
            "{\"status\":\"error\",\"message\":\"the bridge is starting or stopping; retry later\"}";

    @TempDir
    Path dataDir;

    @Test
    void shouldAnswer503NeverA404WhileStartingAndSuccessOnceTheIntakeRuns() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.launch(dataDir, Map.of("NEOAGENT_SIGNING_KEYS", KEY))) {
            RawHttp webhook = new RawHttp(bridge.port());
            List<RawHttp.Reply> replies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        if (!bridge.isAlive()) {
                            throw new IllegalStateException("the bridge exited while starting");
                        }
                        Optional<RawHttp.Reply> reply = postLead(webhook, "Starting");
                        reply.ifPresent(replies::add);
                        return reply.isPresent() && reply.get().status() != 503;
                    });

            assertThat(replies).extracting(RawHttp.Reply::status).doesNotContain(404);
            RawHttp.Reply first = replies.get(replies.size() - 1);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(SUCCESS);
            for (RawHttp.Reply refused : replies.subList(0, replies.size() - 1)) {
                assertNotRunning(refused);
            }
        }
    }

    @Test
    void shouldAnswerSuccessOr503NeverA404WhileStopping() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(dataDir, Map.of("NEOAGENT_SIGNING_KEYS", KEY))) {
            RawHttp webhook = new RawHttp(bridge.port());
            assertThat(postLead(webhook, "Running"))
                    .hasValueSatisfying(reply -> assertThat(reply.body()).isEqualTo(SUCCESS));

            // leads one after another until the port takes no more connections, while the bridge is told to stop
            // (SIGTERM)
            CompletableFuture<List<RawHttp.Reply>> whileStopping = CompletableFuture.supplyAsync(() -> {
                List<RawHttp.Reply> replies = new ArrayList<>();
                for (Instant deadline = Instant.now().plusSeconds(60);
                        Instant.now().isBefore(deadline); ) {
                    Optional<RawHttp.Reply> reply = postLead(webhook, "Stopping");
                    if (reply.isEmpty() && !bridge.isAlive()) {
                        break;
                    }
                    reply.ifPresent(replies::add);
                }
                return replies;
            });
            bridge.close();

            List<RawHttp.Reply> replies = whileStopping.get(90, TimeUnit.SECONDS);
            assertThat(replies)
                    .extracting(RawHttp.Reply::status)
                    .doesNotContain(404)
                    .allSatisfy(status -> assertThat(status).isIn(200, 503));
            replies.stream()
                    .filter(reply -> reply.status() == 503)
                    .forEach(WebhookWhileStartingOrStoppingIT::assertNotRunning);
            replies.stream()
                    .filter(reply -> reply.status() == 200)
                    .forEach(reply -> assertThat(reply.body()).isEqualTo(SUCCESS));
        }
    }

    private static void assertNotRunning(RawHttp.Reply reply) {
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers()).containsKey("retry-after");
        assertThat(reply.headers().get("content-type")).startsWith("application/json");
        assertThat(reply.body()).isEqualTo(NOT_RUNNING);
    }

    /** A lead signed now; empty when the port takes no connection or drops it before the reply. */
    private static Optional<RawHttp.Reply> postLead(RawHttp webhook, String firstName) {
        SignedRequest lead = SignedRequest.of("{\"SerialNumber\":\"start-stop\",\"Type\":\"Lead\",\"FirstName\":\""
                        + firstName + "\",\"ID session\":1}")
                .signedWith(KEY)
                .at(Instant.now());
        try {
            return Optional.of(webhook.send(
                    "POST",
                    "/webhooks/neoagent",
                    lead.bytes(),
                    "Content-Type",
                    "application/json",
                    NeoagentSignatureVerifier.HEADER,
                    lead.header()));
        } catch (UncheckedIOException notListening) {
            return Optional.empty();
        }
    }
}
