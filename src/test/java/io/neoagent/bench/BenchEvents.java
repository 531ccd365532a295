package io.neoagent.bench;

import io.neoagent.bridge.webhook.NeoagentSignatureVerifier;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes distinct, correctly signed neoagent leads for the load tool, one request a line:
 * {@code <X-Webhook-Signature value> TAB <body>}. Signed now, so use them within the sender's tolerance (5 min).
 *
 * <p>Usage: {@code BenchEvents <file> <count> <signing key> <tag>}; the tag keeps the events of one run
 * distinct from those of every other run against the same inbox.
 *
 * <p>{@code BenchEvents junk <file> <kind>} writes unsigned junk of one kind instead, signed with no key the
 * receiver knows: {@code objects} (an array of {@code {}} just under the bridge's 1 MiB limit, with a fresh
 * timestamp, so the bridge reads it and computes one HMAC), {@code doubles} (an array of the tiniest doubles just
 * under 100 kB, fresh timestamp: the HMAC over the raw bytes fails, so the bridge also parses and rebuilds it in
 * {@code JSON.stringify} form, the most a request can cost it) and {@code stale} (a lead whose timestamp is an hour
 * old: refused on the header alone).
 */
public final class BenchEvents {

    private BenchEvents() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("junk")) {
            junk(Path.of(args[1]), args[2]);
            return;
        }
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String key = args[2];
        String tag = args[3];
        long now = Instant.now().getEpochSecond();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String body = lead(tag, i);
                out.write(NeoagentSignatureVerifier.sign(key, now, body.getBytes(StandardCharsets.UTF_8)));
                out.write('\t');
                out.write(body);
                out.write('\n');
            }
        }
    }

    /** A lead shaped like neoagent's sample, made distinct by the tag and number (no personal data). */
    static String lead(String tag, int number) {
        return "{\"SerialNumber\":\"59001dd73709417321c58b11693183a2\",\"Type\":\"Lead\",\"FirstName\":\"Bench\","
                + "\"LastName\":\"" + tag + "-" + number + "\",\"Email\":\"\",\"PhoneNumber\":\"\","
                + "\"CreateTime\":\"" + Instant.now() + "\",\"Content\":\"benchmark lead\",\"ID session\":" + number
                + ",\"URI\":\"www.example.com\"}";
    }

    static void junk(Path file, String kind) throws IOException {
        long now = Instant.now().getEpochSecond();
        String body = switch (kind) {
            case "objects" -> repeat("{}", 1_048_576 - 16);
            case "doubles" -> repeat("5e-324", 102_400 - 16);
            case "stale" -> lead("junk", 0);
            default -> throw new IllegalArgumentException("junk kinds: objects, doubles, stale");
        };
        long t = kind.equals("stale") ? now - 3600 : now;
        String header =
                NeoagentSignatureVerifier.sign("not-the-receivers-key", t, body.getBytes(StandardCharsets.UTF_8));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            // one line for each of wrk's two threads
            for (int thread = 0; thread < 2; thread++) {
                out.write(header);
                out.write('\t');
                out.write(body);
                out.write('\n');
            }
        }
    }

    /** {@code [element,element,...]} of at most {@code bytes} bytes. */
    private static String repeat(String element, int bytes) {
        StringBuilder array = new StringBuilder(bytes).append('[').append(element);
        while (array.length() + element.length() + 2 <= bytes) {
            array.append(',').append(element);
        }
        return array.append(']').toString();
    }
}
