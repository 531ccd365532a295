package io.neoagent.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.NeoagentSignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Delivery lag at idle: from the bridge's intake reply to the Salesforce stand-in receiving that lead, and
 * the Salesforce calls made per lead.
 *
 * <ul>
 *   <li>{@code DeliveryLag stand-in <port>}: runs the Salesforce stand-in (WireMock: OAuth token and Lead
 *   create, as in the tests) until killed.</li>
 *   <li>{@code DeliveryLag measure <webhook url> <stand-in port> <leads> <gap ms> <signing key> <out.json>}:
 *   sends the leads one at a time, {@code gap} apart, then reads the stand-in's journal.</li>
 *   <li>{@code DeliveryLag burst <webhook url> <stand-in port> <leads> <concurrency> <signing key> <out.json>}:
 *   sends the leads as fast as {@code concurrency} clients can, each lead its own request, then counts the
 *   Salesforce calls that carried them (one per lead, or one per batch when batches are on).</li>
 * </ul>
 * Both run on one machine, so the reply time (taken by this client) and the stand-in's logged time share a
 * clock. A negative lag means the lead reached Salesforce before the client had read the reply.
 */
public final class DeliveryLag {

    private DeliveryLag() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("stand-in")) {
            new SalesforceStandIn(Integer.parseInt(args[1]));
            Thread.currentThread().join();
        } else if (args[0].equals("burst")) {
            burst(
                    URI.create(args[1]),
                    Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]),
                    args[5],
                    Path.of(args[6]));
        } else {
            measure(
                    URI.create(args[1]),
                    Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]),
                    Long.parseLong(args[4]),
                    args[5],
                    Path.of(args[6]));
        }
    }

    private static void measure(URI webhook, int standInPort, int leads, long gapMillis, String key, Path out)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        WireMock standIn = new WireMock("127.0.0.1", standInPort);
        String tag = "lag" + Instant.now().getEpochSecond();
        Map<String, Long> repliedAt = new ConcurrentHashMap<>();
        // one lead at a time, the next one gap after the previous reply
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> allSent = new CompletableFuture<>();
        // the task reports its own failures through allSent
        ScheduledFuture<?> sending = sender.scheduleWithFixedDelay(
                () -> {
                    int i = next.getAndIncrement();
                    try {
                        String body = BenchEvents.lead(tag, i);
                        HttpResponse<String> response =
                                http.send(signed(webhook, key, body), HttpResponse.BodyHandlers.ofString());
                        long replied = System.currentTimeMillis();
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(
                                    "intake answered " + response.statusCode() + " " + response.body());
                        }
                        repliedAt.put("\"LastName\":\"" + tag + "-" + i + "\"", replied);
                        if (i == leads - 1) {
                            allSent.complete(null);
                        }
                    } catch (Exception e) {
                        allSent.completeExceptionally(e);
                    }
                },
                0,
                Math.max(gapMillis, 1),
                TimeUnit.MILLISECONDS);
        try {
            allSent.get();
        } finally {
            sending.cancel(false);
            sender.shutdownNow();
        }
        List<LoggedRequest> creates = waitForLeads(standIn, tag, leads);
        List<Long> lags = new ArrayList<>();
        for (LoggedRequest create : creates) {
            String body = create.getBodyAsString();
            repliedAt.entrySet().stream()
                    .filter(entry -> body.contains(entry.getKey()))
                    .findFirst()
                    .ifPresent(
                            entry -> lags.add(create.getLoggedDate().toInstant().toEpochMilli() - entry.getValue()));
        }
        lags.sort(Long::compare);
        // every call the stand-in saw, including those for the bench's readiness probe lead
        List<LoggedRequest> all = standIn.find(anyRequestedFor(anyUrl()));
        long logins = all.stream()
                .filter(request -> request.getUrl().equals(SalesforceStandIn.TOKEN))
                .count();
        long signInChecks = all.stream().filter(DeliveryLag::isSignInCheck).count();
        long allCreates = all.stream()
                .filter(request -> request.getUrl().equals(SalesforceStandIn.LEADS))
                .count();
        long others = all.size() - logins - signInChecks - allCreates;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("leads", leads);
        result.put("gap_ms", gapMillis);
        result.put("lag_p50_ms", percentile(lags, 50));
        result.put("lag_p99_ms", percentile(lags, 99));
        result.put("lag_max_ms", lags.isEmpty() ? null : lags.get(lags.size() - 1));
        result.put("lag_min_ms", lags.isEmpty() ? null : lags.get(0));
        result.put("lead_creates", allCreates);
        result.put("logins", logins);
        result.put("sign_in_checks", signInChecks);
        result.put("other_calls", others);
        result.put("calls_per_lead_besides_logins", (double) (allCreates + others) / allCreates);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.println(result);
    }

    /** The API version check of the bridge's sign-in at start-up (routes/salesforce-sign-in.camel.yaml). */
    private static boolean isSignInCheck(LoggedRequest request) {
        return request.getMethod().getName().equals("GET") && request.getUrl().matches(SalesforceStandIn.API + "/?");
    }

    private static HttpRequest signed(URI webhook, String key, String body) {
        return HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/json")
                .header(
                        NeoagentSignatureVerifier.HEADER,
                        NeoagentSignatureVerifier.sign(
                                key, Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static void burst(URI webhook, int standInPort, int leads, int concurrency, String key, Path out)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        WireMock standIn = new WireMock("127.0.0.1", standInPort);
        String tag = "burst" + Instant.now().getEpochSecond();
        Map<String, Long> repliedAt = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> sent = new ArrayList<>();
        long started = System.currentTimeMillis();
        for (int i = 0; i < leads; i++) {
            int number = i;
            sent.add(clients.submit(() -> {
                HttpResponse<String> response = http.send(
                        signed(webhook, key, BenchEvents.lead(tag, number)), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("intake answered " + response.statusCode() + " " + response.body());
                }
                repliedAt.put("\"LastName\":\"" + tag + "-" + number + "\"", System.currentTimeMillis());
                return null;
            }));
        }
        for (Future<?> request : sent) {
            request.get();
        }
        long sendMillis = System.currentTimeMillis() - started;
        clients.shutdown();

        // every call that carried a lead of this burst: single creates/upserts and sObject Collections calls
        Map<String, Long> receivedAt = new HashMap<>();
        List<List<LoggedRequest>> seen = new ArrayList<>(List.of(List.of()));
        try {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        List<LoggedRequest> found =
                                standIn.find(anyRequestedFor(WireMock.urlMatching("/services/data/.*"))
                                        .withRequestBody(WireMock.containing(tag)));
                        seen.set(0, found);
                        receivedAt.clear();
                        for (LoggedRequest call : found) {
                            String body = call.getBodyAsString();
                            for (String marker : repliedAt.keySet()) {
                                if (body.contains(marker)) {
                                    receivedAt.merge(
                                            marker,
                                            call.getLoggedDate().toInstant().toEpochMilli(),
                                            Math::min);
                                }
                            }
                        }
                        return receivedAt.size() >= leads;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "only " + receivedAt.size() + " of " + leads + " leads reached the stand-in in 120 s");
        }
        List<LoggedRequest> calls = seen.get(0);
        List<Long> lags = new ArrayList<>();
        receivedAt.forEach((marker, received) -> lags.add(received - repliedAt.get(marker)));
        lags.sort(Long::compare);
        long collectionCalls = calls.stream()
                .filter(call -> call.getUrl().startsWith(SalesforceStandIn.LEAD_COLLECTIONS))
                .count();
        List<LoggedRequest> all = standIn.find(anyRequestedFor(anyUrl()));
        long logins = all.stream()
                .filter(request -> request.getUrl().equals(SalesforceStandIn.TOKEN))
                .count();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("leads", leads);
        result.put("concurrency", concurrency);
        result.put("send_ms", sendMillis);
        result.put("calls", calls.size());
        result.put("collection_calls", collectionCalls);
        result.put("single_calls", calls.size() - collectionCalls);
        result.put("logins", logins);
        result.put(
                "sign_in_checks",
                all.stream().filter(DeliveryLag::isSignInCheck).count());
        // anything but logins, the start-up sign-in and lead calls (the readiness probe's lead is a lead call
        // without this burst's tag)
        result.put(
                "other_calls",
                all.stream()
                        .filter(request -> !request.getUrl().equals(SalesforceStandIn.TOKEN)
                                && !isSignInCheck(request)
                                && !request.getUrl().startsWith(SalesforceStandIn.LEADS)
                                && !request.getUrl().startsWith(SalesforceStandIn.LEAD_COLLECTIONS))
                        .count());
        result.put("calls_per_lead_besides_logins", (double) calls.size() / leads);
        result.put(
                "largest_call_leads",
                calls.stream()
                        .mapToLong(call -> repliedAt.keySet().stream()
                                .filter(call.getBodyAsString()::contains)
                                .count())
                        .max()
                        .orElse(0));
        result.put("lag_p50_ms", percentile(lags, 50));
        result.put("lag_p99_ms", percentile(lags, 99));
        result.put("lag_max_ms", lags.get(lags.size() - 1));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.println(result);
    }

    private static List<LoggedRequest> waitForLeads(WireMock standIn, String tag, int leads) {
        Callable<List<LoggedRequest>> creates =
                () -> standIn.find(WireMock.postRequestedFor(WireMock.urlEqualTo(SalesforceStandIn.LEADS))
                        .withRequestBody(WireMock.containing(tag)));
        try {
            return await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(creates, found -> found.size() >= leads);
        } catch (ConditionTimeoutException e) {
            int found = standIn.find(WireMock.postRequestedFor(WireMock.urlEqualTo(SalesforceStandIn.LEADS))
                            .withRequestBody(WireMock.containing(tag)))
                    .size();
            throw new IllegalStateException("only " + found + " of " + leads + " leads reached the stand-in in 60 s");
        }
    }

    static Long percentile(List<Long> sorted, double percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
