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
 */
public final class BenchEvents {

    private BenchEvents() {
    }

    public static void main(String[] args) throws IOException {
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
}
