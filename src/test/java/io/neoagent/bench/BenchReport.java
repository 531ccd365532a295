package io.neoagent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark's arithmetic, for bench/run.
 * <ul>
 *   <li>{@code BenchReport events-for <warmup.json> <seconds>}: how many distinct events a run of that length
 *   needs, from the warm-up's rate with room to spare.</li>
 *   <li>{@code BenchReport report <results folder>}: the side-by-side table with ratios and the targets of
 *   issue 6, as Markdown. A partial run (bench/run's BENCH_RECEIVERS, BENCH_PHASES) shows "-" for what it did
 *   not measure and judges only the targets it measured.</li>
 * </ul>
 */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TARGETS = List.of("bridge", "reference", "bare");

    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("events-for")) {
            double rps = JSON.readTree(Path.of(args[1]).toFile()).path("rps").asDouble();
            System.out.println((long) Math.ceil(rps * Integer.parseInt(args[2]) * 1.5) + 1000);
        } else {
            System.out.print(report(Path.of(args[1])));
        }
    }

    static String report(Path dir) throws IOException {
        JsonNode[] saturation = new JsonNode[3];
        JsonNode[] rate = new JsonNode[3];
        JsonNode[] process = new JsonNode[3];
        for (int i = 0; i < 3; i++) {
            saturation[i] = read(dir, TARGETS.get(i) + "-saturation.json");
            rate[i] = read(dir, TARGETS.get(i) + "-rate.json");
            process[i] = read(dir, TARGETS.get(i) + "-process.json");
        }
        JsonNode lag = read(dir, "delivery-lag.json");
        boolean hasLag = !lag.isMissingNode();
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark ")
                .append(dir.getFileName())
                .append("\n\n```\n")
                .append(Files.readString(dir.resolve("machine.txt")))
                .append("```\n\n");
        out.append(
                "| figure | bridge | reference (Express) | bare Spring Boot | bridge / reference | bridge / bare |\n");
        out.append("|---|---|---|---|---|---|\n");
        row(out, "saturation, requests/s", saturation, "rps", "%.0f");
        row(out, "saturation, p99 ms", saturation, "p99_ms", "%.2f");
        row(out, "saturation, errors (not success, socket, timeout)", errors(saturation), null, "%.0f");
        row(out, "fixed rate, achieved requests/s", rate, "rps", "%.0f");
        row(out, "fixed rate, p50 ms", rate, "p50_ms", "%.2f");
        row(out, "fixed rate, p99 ms", rate, "p99_ms", "%.2f");
        row(out, "fixed rate, p99.9 ms", rate, "p999_ms", "%.2f");
        row(out, "fixed rate, max ms", rate, "max_ms", "%.2f");
        row(out, "fixed rate, errors (not success, socket, timeout)", errors(rate), null, "%.0f");
        row(out, "start-up to first success reply, ms (median of the starts)", process, "ready_ms", "%.0f");
        row(out, "resident memory idle, MB", mb(process, "rss_idle_kb"), null, "%.0f");
        row(out, "resident memory peak under load, MB", mb(process, "rss_load_peak_kb"), null, "%.0f");
        out.append('\n');
        if (hasLag) {
            out.append("Delivery lag at idle, intake reply to the Salesforce stand-in receiving the lead (")
                    .append(lag.path("leads").asInt())
                    .append(" leads, one every ")
                    .append(lag.path("gap_ms").asInt())
                    .append(" ms): p50 ")
                    .append(lag.path("lag_p50_ms").asLong())
                    .append(" ms, p99 ")
                    .append(lag.path("lag_p99_ms").asLong())
                    .append(" ms, max ")
                    .append(lag.path("lag_max_ms").asLong())
                    .append(" ms. Salesforce calls: ")
                    .append(lag.path("lead_creates").asLong())
                    .append(" Lead creates, ")
                    .append(lag.path("logins").asLong())
                    .append(" logins, ")
                    .append(lag.path("sign_in_checks").asLong())
                    .append(" start-up sign-in checks, ")
                    .append(lag.path("other_calls").asLong())
                    .append(" other calls.\n\n");
        }
        if (Files.exists(dir.resolve("delivery-burst.json"))) {
            JsonNode burst = read(dir, "delivery-burst.json");
            out.append("A burst with Salesforce batches on (upsert on an external id): ")
                    .append(burst.path("leads").asInt())
                    .append(" leads posted by ")
                    .append(burst.path("concurrency").asInt())
                    .append(" clients at once (")
                    .append(burst.path("send_ms").asLong())
                    .append(" ms) reached the stand-in in ")
                    .append(burst.path("calls").asLong())
                    .append(" calls (")
                    .append(burst.path("collection_calls").asLong())
                    .append(" sObject Collections calls, up to ")
                    .append(burst.path("largest_call_leads").asLong())
                    .append(" leads each; ")
                    .append(burst.path("single_calls").asLong())
                    .append(" single upserts), ")
                    .append(burst.path("logins").asLong())
                    .append(" logins, ")
                    .append(burst.path("sign_in_checks").asLong())
                    .append(" start-up sign-in checks, ")
                    .append(burst.path("other_calls").asLong())
                    .append(" other calls: ")
                    .append(String.format(
                            "%.3f", burst.path("calls_per_lead_besides_logins").asDouble()))
                    .append(" calls per lead. Lag from intake reply to the stand-in: p50 ")
                    .append(burst.path("lag_p50_ms").asLong())
                    .append(" ms, p99 ")
                    .append(burst.path("lag_p99_ms").asLong())
                    .append(" ms, max ")
                    .append(burst.path("lag_max_ms").asLong())
                    .append(" ms.\n\n");
        }

        Map<Integer, List<JsonNode>> bursts = salesforceRuns(dir, "delivery-burst-c");
        List<JsonNode> backlogs = salesforceRuns(dir, "delivery-backlog-").getOrDefault(-1, List.of());
        if (!bursts.isEmpty()) {
            out.append("A burst with Salesforce batches on (upsert on an external id), each lead its own request. Each"
                            + " run starts a fresh bridge and sends the burst twice: first to the cold bridge, then"
                            + " again after ")
                    .append(bursts.values()
                            .iterator()
                            .next()
                            .get(0)
                            .path("warmup_leads")
                            .asInt())
                    .append(" more leads, as a bridge that has been running meets it. Medians of the runs, with the"
                            + " range:\n\n")
                    .append(
                            "| leads, clients at once | bridge | runs | Salesforce calls | leads per call | largest call"
                                    + " | lag p50 ms | lag p99 ms | lag max ms | sent in ms |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|\n");
            bursts.forEach((clients, runs) -> {
                for (String which : List.of("warm", "cold")) {
                    List<JsonNode> some =
                            runs.stream().map(run -> run.path(which)).toList();
                    out.append("| ")
                            .append(runs.get(0).path("leads").asInt())
                            .append(", ")
                            .append(clients)
                            .append(" | ")
                            .append(which)
                            .append(" | ")
                            .append(runs.size())
                            .append(" | ")
                            .append(median(some, "calls", "%.0f"))
                            .append(" | ")
                            .append(median(some, "leads_per_call", "%.0f"))
                            .append(" | ")
                            .append(median(some, "largest_call_leads", "%.0f"))
                            .append(" | ")
                            .append(median(some, "lag_p50_ms", "%.0f"))
                            .append(" | ")
                            .append(median(some, "lag_p99_ms", "%.0f"))
                            .append(" | ")
                            .append(median(some, "lag_max_ms", "%.0f"))
                            .append(" | ")
                            .append(median(some, "send_ms", "%.0f"))
                            .append(" |\n");
                }
            });
            out.append("\nBesides these: ")
                    .append(sum(bursts.values(), "logins"))
                    .append(" logins, ")
                    .append(sum(bursts.values(), "sign_in_checks"))
                    .append(" start-up sign-in checks and ")
                    .append(sum(bursts.values(), "other_calls"))
                    .append(" other calls in all the runs together.\n\n");
        }
        if (!backlogs.isEmpty()) {
            out.append("A backlog after an outage: the leads sent by ")
                    .append(backlogs.get(0).path("concurrency").asInt())
                    .append(" clients while Salesforce answers every lead call with 503, then Salesforce back once each"
                            + " has failed once; medians of the runs, with the range:\n\n")
                    .append(
                            "| leads | runs | calls after Salesforce is back | leads per call | largest call"
                                    + " | back to first call, ms | first call to last lead, ms | failed calls during the outage |\n")
                    .append("|---|---|---|---|---|---|---|---|\n")
                    .append("| ")
                    .append(backlogs.get(0).path("leads").asInt())
                    .append(" | ")
                    .append(backlogs.size())
                    .append(" | ")
                    .append(median(backlogs, "calls", "%.0f"))
                    .append(" | ")
                    .append(median(backlogs, "leads_per_call", "%.0f"))
                    .append(" | ")
                    .append(median(backlogs, "largest_call_leads", "%.0f"))
                    .append(" | ")
                    .append(median(backlogs, "recovery_to_first_call_ms", "%.0f"))
                    .append(" | ")
                    .append(median(backlogs, "first_call_to_last_lead_ms", "%.0f"))
                    .append(" | ")
                    .append(median(backlogs, "failed_calls_during_outage", "%.0f"))
                    .append(" |\n\n");
        }

        if (Files.exists(dir.resolve("bridge-junk-objects.json"))) {
            out.append(
                    "Unsigned junk (every reply a refusal; 16 connections, closed model), beside the good requests above:\n\n");
            out.append(
                    "| figure | bridge | reference (Express) | bare Spring Boot | bridge / reference | bridge / bare |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (String kind : List.of("objects", "doubles", "stale")) {
                JsonNode[] junk = new JsonNode[3];
                for (int i = 0; i < 3; i++) {
                    junk[i] = read(dir, TARGETS.get(i) + "-junk-" + kind + ".json");
                }
                String what = switch (kind) {
                    case "objects" -> "1 MiB array of {}, fresh timestamp";
                    case "doubles" -> "100 kB array of 5e-324, fresh timestamp";
                    default -> "a lead, timestamp an hour old";
                };
                row(out, what + ", requests/s", junk, "rps", "%.0f");
                row(out, what + ", p99 ms", junk, "p99_ms", "%.2f");
            }
            out.append('\n');
        }

        double bridgeRps = saturation[0].path("rps").asDouble();
        out.append("Targets (issue 6):\n\n");
        if (!saturation[0].isMissingNode() && !saturation[1].isMissingNode()) {
            target(
                    out,
                    "durable intake throughput >= reference receiver's",
                    bridgeRps >= saturation[1].path("rps").asDouble());
        }
        if (!saturation[0].isMissingNode() && !saturation[2].isMissingNode()) {
            target(
                    out,
                    "durable intake throughput >= half the bare endpoint's",
                    bridgeRps >= saturation[2].path("rps").asDouble() / 2);
        }
        if (!rate[0].isMissingNode()) {
            target(
                    out,
                    "p99 < 20 ms at " + Math.round(rate[0].path("rps").asDouble()) + " requests/s with zero errors",
                    rate[0].path("p99_ms").asDouble() < 20 && errorCount(rate[0]) == 0);
        }
        if (!process[0].isMissingNode()) {
            target(out, "start-up to ready < 4 s", process[0].path("ready_ms").asLong() < 4000);
            target(
                    out,
                    "resident memory idle < 300 MB",
                    process[0].path("rss_idle_kb").asLong() < 300 * 1024);
        }
        if (hasLag) {
            target(
                    out,
                    "delivery lag p99 < 250 ms at idle",
                    lag.path("lag_p99_ms").asLong() < 250);
            target(
                    out,
                    "one Salesforce call per lead besides signing in",
                    lag.path("other_calls").asLong() == 0);
        }
        for (Map.Entry<Integer, List<JsonNode>> burst : bursts.entrySet()) {
            int leads = burst.getValue().get(0).path("leads").asInt();
            List<JsonNode> warm =
                    burst.getValue().stream().map(run -> run.path("warm")).toList();
            target(
                    out,
                    "a burst of " + leads + " leads from " + burst.getKey() + " clients in at most " + leads / 100
                            + " Salesforce calls (warm bridge, median of " + warm.size() + ")",
                    medianOf(warm, "calls") <= leads / 100.0);
            target(
                    out,
                    "its delivery lag p99 < 500 ms (warm bridge, median of " + warm.size() + ")",
                    medianOf(warm, "lag_p99_ms") < 500);
        }
        if (!backlogs.isEmpty()) {
            int leads = backlogs.get(0).path("leads").asInt();
            int most = (leads + 199) / 200 + 1;
            target(
                    out,
                    "a backlog of " + leads + " leads after an outage in at most " + most
                            + " Salesforce calls (median of " + backlogs.size() + ")",
                    medianOf(backlogs, "calls") <= most);
        }
        return out.toString();
    }

    /**
     * The runs of {@code prefix<clients>-r<run>.json} (or {@code prefix r<run>.json}, under -1), by number of clients.
     */
    private static Map<Integer, List<JsonNode>> salesforceRuns(Path dir, String prefix) throws IOException {
        Map<Integer, List<JsonNode>> runs = new TreeMap<>();
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d+)?-?r(\\d+)\\.json");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Matcher matched = name.matcher(file.getFileName().toString());
                if (matched.matches()) {
                    int clients = matched.group(1) == null ? -1 : Integer.parseInt(matched.group(1));
                    runs.computeIfAbsent(clients, c -> new ArrayList<>()).add(JSON.readTree(file.toFile()));
                }
            }
        }
        return runs;
    }

    /** The median of a figure over runs, with its range when the runs differ: {@code 9 (8-11)}. */
    private static String median(List<JsonNode> runs, String field, String format) {
        double[] values = runs.stream()
                .mapToDouble(run -> run.path(field).asDouble())
                .sorted()
                .toArray();
        String median = String.format(format, medianOf(runs, field));
        return values[0] == values[values.length - 1]
                ? median
                : median + " (" + String.format(format, values[0]) + "-"
                        + String.format(format, values[values.length - 1]) + ")";
    }

    static double medianOf(List<JsonNode> runs, String field) {
        double[] values = runs.stream()
                .mapToDouble(run -> run.path(field).asDouble())
                .sorted()
                .toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static long sum(Iterable<List<JsonNode>> runs, String field) {
        long total = 0;
        for (List<JsonNode> some : runs) {
            for (JsonNode run : some) {
                total += run.path(field).asLong();
            }
        }
        return total;
    }

    /** The figures of one file, or a missing node when the run did not measure them. */
    private static JsonNode read(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.missingNode();
    }

    private static JsonNode[] errors(JsonNode[] runs) {
        JsonNode[] out = new JsonNode[runs.length];
        for (int i = 0; i < runs.length; i++) {
            out[i] = runs[i].isMissingNode() ? runs[i] : JSON.createObjectNode().put("value", errorCount(runs[i]));
        }
        return out;
    }

    private static long errorCount(JsonNode run) {
        return run.path("not_success").asLong()
                + run.path("socket_errors").asLong()
                + run.path("timeouts").asLong();
    }

    private static JsonNode[] mb(JsonNode[] runs, String field) {
        JsonNode[] out = new JsonNode[runs.length];
        for (int i = 0; i < runs.length; i++) {
            out[i] = runs[i].isMissingNode()
                    ? runs[i]
                    : JSON.createObjectNode().put("value", runs[i].path(field).asLong() / 1024.0);
        }
        return out;
    }

    private static void row(StringBuilder out, String label, JsonNode[] runs, String field, String format) {
        double[] values = new double[runs.length];
        out.append("| ").append(label);
        for (int i = 0; i < runs.length; i++) {
            JsonNode value = runs[i].path(field == null ? "value" : field);
            values[i] = value.isMissingNode() ? Double.NaN : value.asDouble();
            out.append(" | ").append(value.isMissingNode() ? "-" : String.format(format, values[i]));
        }
        out.append(" | ")
                .append(ratio(values[0], values[1]))
                .append(" | ")
                .append(ratio(values[0], values[2]))
                .append(" |\n");
    }

    private static String ratio(double value, double base) {
        return base == 0 || Double.isNaN(value) || Double.isNaN(base) ? "" : String.format("%.2f", value / base);
    }

    private static void target(StringBuilder out, String what, boolean met) {
        out.append("- ")
                .append(met ? "met" : "**missed**")
                .append(": ")
                .append(what)
                .append('\n');
    }
}
