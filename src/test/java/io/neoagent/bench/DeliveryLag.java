package io.neoagent.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
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
 *   Salesforce calls that carried them (one per lead, or one per batch when batches are on), the leads per
 *   call, the largest call, and the lag of each lead.</li>
 *   <li>{@code DeliveryLag backlog <webhook url> <stand-in port> <leads> <concurrency> <signing key> <out.json>}:
 *   the same leads sent while the stand-in answers every lead call with 503; once each has failed once it answers
 *   again, and the calls that carry the backlog from then on are counted.</li>
 * </ul>
 * Both run on one machine, so the reply time (taken by this client) and the stand-in's logged time share a
 * clock. A negative lag means the lead reached Salesforce before the client had read the reply.
 */
public final class DeliveryLag {

    private DeliveryLag() {}

    /** The burst and backlog runs: webhook, stand-in port, leads, clients, signing key, where the figures go. */
    @FunctionalInterface
    private interface Run {
        void run(URI webhook, int standInPort, int leads, int concurrency, String key, Path out) throws Exception;
    }

    private static final Run BURST = DeliveryLag::burst;
    private static final Run BACKLOG = DeliveryLag::backlog;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("stand-in")) {
            new SalesforceStandIn(Integer.parseInt(args[1]));
            Thread.currentThread().join();
        } else if (args[0].equals("burst") || args[0].equals("backlog")) {
            (args[0].equals("burst") ? BURST : BACKLOG)
                    .run(
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
        long logins = logins(all);
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
        long stamp = Instant.now().getEpochSecond();
        int warmup = Integer.parseInt(System.getProperty("bench.warmup", "4000"));
        List<LoggedRequest> all = new ArrayList<>();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("leads", leads);
        result.put("concurrency", concurrency);
        // the bridge was started just before: its first burst meets a cold JVM
        result.put("cold", oneBurst(http, standIn, webhook, key, "coldburst" + stamp, leads, concurrency, all));
        result.put("warmup_leads", warmup);
        if (warmup > 0) {
            oneBurst(http, standIn, webhook, key, "warmupleads" + stamp, warmup, concurrency, all);
        }
        // as a bridge that has been running meets a burst
        result.put("warm", oneBurst(http, standIn, webhook, key, "warmburst" + stamp, leads, concurrency, all));
        result.put("logins", logins(all));
        result.put(
                "sign_in_checks",
                all.stream().filter(DeliveryLag::isSignInCheck).count());
        // anything but logins, the start-up sign-in and lead calls (the readiness probe's lead is a lead call
        // without this burst's tag)
        result.put("other_calls", otherCalls(all));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.println(result);
    }

    /**
     * Sends one burst and waits until each of its leads reached the stand-in: the calls that carried them and the
     * lag of each. Adds every call the stand-in logged to {@code all} and starts its journal afresh.
     */
    private static Map<String, Object> oneBurst(
            HttpClient http,
            WireMock standIn,
            URI webhook,
            String key,
            String tag,
            int leads,
            int concurrency,
            List<LoggedRequest> all)
            throws Exception {
        Map<String, Long> repliedAt = new ConcurrentHashMap<>();
        long sendMillis = sendAll(http, webhook, key, tag, leads, concurrency, repliedAt);
        // every call that carried a lead of this burst: single creates/upserts and sObject Collections calls
        Map<String, Long> receivedAt = new HashMap<>();
        List<LoggedRequest> calls =
                awaitEveryLead(standIn, tag, repliedAt.keySet(), receivedAt, Duration.ofSeconds(180));
        List<Long> lags = new ArrayList<>();
        receivedAt.forEach((marker, received) -> lags.add(received - repliedAt.get(marker)));
        lags.sort(Long::compare);
        all.addAll(standIn.find(anyRequestedFor(anyUrl())));
        standIn.resetRequests();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("send_ms", sendMillis);
        callFigures(result, calls, tag, leads);
        result.put("lag_p50_ms", percentile(lags, 50));
        result.put("lag_p99_ms", percentile(lags, 99));
        result.put("lag_max_ms", lags.get(lags.size() - 1));
        return result;
    }

    /**
     * A backlog after an outage: Salesforce answers every lead call with 503 while the leads are sent (as fast as
     * {@code concurrency} clients can) and until each of them has failed once; then it answers again, and the calls
     * that carry the backlog from then on are counted. The bridge retries on its own schedule (its first retries
     * fall due about 30 s after their failure).
     */
    private static void backlog(URI webhook, int standInPort, int leads, int concurrency, String key, Path out)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        WireMock standIn = new WireMock("127.0.0.1", standInPort);
        String tag = "backlog" + Instant.now().getEpochSecond();
        Map<String, Long> repliedAt = new ConcurrentHashMap<>();
        List<StubMapping> outage = List.of(
                standIn.register(WireMock.any(WireMock.urlMatching(SalesforceStandIn.LEADS + "(/.*)?"))
                        .atPriority(1)
                        .willReturn(unavailable())),
                standIn.register(WireMock.any(WireMock.urlMatching(SalesforceStandIn.LEAD_COLLECTIONS + "(/.*)?"))
                        .atPriority(1)
                        .willReturn(unavailable())));
        long sendMillis = sendAll(http, webhook, key, tag, leads, concurrency, repliedAt);
        Map<String, Long> failedAt = new HashMap<>();
        List<LoggedRequest> failedCalls =
                awaitEveryLead(standIn, tag, repliedAt.keySet(), failedAt, Duration.ofSeconds(60));
        // Salesforce is back: the journal restarts, so what it logs from now on is the catch-up
        standIn.resetRequests();
        outage.forEach(standIn::removeStubMapping);
        long recovered = System.currentTimeMillis();

        Map<String, Long> receivedAt = new HashMap<>();
        List<LoggedRequest> calls =
                awaitEveryLead(standIn, tag, repliedAt.keySet(), receivedAt, Duration.ofSeconds(300));
        long first = calls.stream()
                .mapToLong(call -> call.getLoggedDate().getTime())
                .min()
                .orElse(recovered);
        long last =
                receivedAt.values().stream().mapToLong(Long::longValue).max().orElse(recovered);
        List<LoggedRequest> all = standIn.find(anyRequestedFor(anyUrl()));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("leads", leads);
        result.put("concurrency", concurrency);
        result.put("send_ms", sendMillis);
        result.put("failed_calls_during_outage", failedCalls.size());
        callFigures(result, calls, tag, leads);
        result.put("recovery_to_first_call_ms", first - recovered);
        result.put("first_call_to_last_lead_ms", last - first);
        result.put("logins_after_recovery", logins(all));
        result.put("other_calls_after_recovery", otherCalls(all));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.println(result);
    }

    private static ResponseDefinitionBuilder unavailable() {
        return WireMock.aResponse()
                .withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down for maintenance\"}]");
    }

    /** Sends the leads, each its own request, as fast as {@code concurrency} clients can; the time it took. */
    private static long sendAll(
            HttpClient http,
            URI webhook,
            String key,
            String tag,
            int leads,
            int concurrency,
            Map<String, Long> repliedAt)
            throws Exception {
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
        clients.shutdown();
        return System.currentTimeMillis() - started;
    }

    /**
     * Waits until every lead (by its marker) is in a Salesforce call the stand-in logged; fills {@code receivedAt}
     * with the first time each was, and returns the calls that carried them.
     */
    private static List<LoggedRequest> awaitEveryLead(
            WireMock standIn, String tag, java.util.Set<String> markers, Map<String, Long> receivedAt, Duration wait) {
        List<List<LoggedRequest>> seen = new ArrayList<>(List.of(List.of()));
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<LoggedRequest> found = standIn.find(anyRequestedFor(WireMock.urlMatching("/services/data/.*"))
                        .withRequestBody(WireMock.containing(tag)));
                seen.set(0, found);
                receivedAt.clear();
                for (LoggedRequest call : found) {
                    long at = call.getLoggedDate().toInstant().toEpochMilli();
                    for (String marker : markersIn(call, tag)) {
                        if (markers.contains(marker)) {
                            receivedAt.merge(marker, at, Math::min);
                        }
                    }
                }
                return receivedAt.size() >= markers.size();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("only " + receivedAt.size() + " of " + markers.size()
                    + " leads reached the stand-in in " + wait.toSeconds() + " s");
        }
        return seen.get(0);
    }

    /** The markers ({@code "LastName":"<tag>-<n>"}) of the leads a call carried. */
    private static List<String> markersIn(LoggedRequest call, String tag) {
        java.util.regex.Matcher lead = java.util.regex.Pattern.compile(
                        "\"LastName\":\"" + java.util.regex.Pattern.quote(tag) + "-\\d+\"")
                .matcher(call.getBodyAsString());
        List<String> found = new ArrayList<>();
        while (lead.find()) {
            found.add(lead.group());
        }
        return found;
    }

    /** The calls that carried the leads: how many, of which kind, leads per call and the largest. */
    private static void callFigures(Map<String, Object> result, List<LoggedRequest> calls, String tag, int leads) {
        long collectionCalls = calls.stream()
                .filter(call -> call.getUrl().startsWith(SalesforceStandIn.LEAD_COLLECTIONS))
                .count();
        result.put("calls", calls.size());
        result.put("collection_calls", collectionCalls);
        result.put("single_calls", calls.size() - collectionCalls);
        result.put("calls_per_lead_besides_logins", (double) calls.size() / leads);
        result.put("leads_per_call", calls.isEmpty() ? 0 : (double) leads / calls.size());
        result.put(
                "largest_call_leads",
                calls.stream()
                        .mapToLong(
                                call -> markersIn(call, tag).stream().distinct().count())
                        .max()
                        .orElse(0));
    }

    private static long logins(List<LoggedRequest> all) {
        return all.stream()
                .filter(request -> request.getUrl().equals(SalesforceStandIn.TOKEN))
                .count();
    }

    /** Anything but logins, the start-up sign-in and lead calls. */
    private static long otherCalls(List<LoggedRequest> all) {
        return all.stream()
                .filter(request -> !request.getUrl().equals(SalesforceStandIn.TOKEN)
                        && !isSignInCheck(request)
                        && !request.getUrl().startsWith(SalesforceStandIn.LEADS)
                        && !request.getUrl().startsWith(SalesforceStandIn.LEAD_COLLECTIONS))
                .count();
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
