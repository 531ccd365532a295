import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test sender: signs a sample lead or appointment exactly as neoagent does and posts it to a running
 * bridge, to try the bridge or to check a deployment. Needs only a JDK:
 *
 * <pre>
 *   java src/main/tools/SendSample.java [lead|appointment] [webhook URL]
 * </pre>
 *
 * The key is NEOAGENT_SIGNING_KEY, else the first of NEOAGENT_SIGNING_KEYS, else the bridge's generated key
 * in data/signing-key (NEOAGENT_DATA_DIR). The URL defaults to http://localhost:8080/webhooks/neoagent.
 * Exits 0 when the bridge answers success.
 */
public class SendSample {

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "lead";
        String url = args.length > 1 ? args[1] : "http://localhost:8080/webhooks/neoagent";
        if (!kind.equals("lead") && !kind.equals("appointment")) {
            System.err.println("usage: java src/main/tools/SendSample.java [lead|appointment] [webhook URL]");
            System.exit(2);
        }
        String key = key();
        long now = Instant.now().getEpochSecond();
        String body = "{\"SerialNumber\":\"sample-chatbot\",\"Type\":\""
                + (kind.equals("lead") ? "Lead" : "Appointment") + "\","
                + "\"FirstName\":\"Sample\",\"LastName\":\"Visitor " + now
                + "\",\"Email\":\"sample.visitor@example.com\","
                + "\"PhoneNumber\":\"+1 555 0100\",\"CreateTime\":\"" + Instant.ofEpochSecond(now) + "\","
                + "\"Content\":\""
                + (kind.equals("lead")
                        ? "Interested in a demo (sent by SendSample)"
                        : "Tuesday 10:00, two people (sent by SendSample)")
                + "\",\"ID session\":" + now + ","
                + "\"URI\":\"https://example.com/sample\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((now + "." + body).getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("X-Webhook-Signature", "t=" + now + ",v1=" + signature)
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() == 200 && response.body().equals("{\"status\":\"success\"}") ? 0 : 1);
    }

    private static String key() throws Exception {
        String single = System.getenv("NEOAGENT_SIGNING_KEY");
        if (single != null && !single.isBlank()) {
            return single.strip();
        }
        String keys = System.getenv("NEOAGENT_SIGNING_KEYS");
        if (keys != null && !keys.isBlank()) {
            return keys.split(",")[0].strip();
        }
        String dataDir = System.getenv().getOrDefault("NEOAGENT_DATA_DIR", "data");
        Path file = Path.of(dataDir, "signing-key");
        if (!Files.exists(file)) {
            System.err.println("No key: set NEOAGENT_SIGNING_KEY, or run from the folder the bridge runs in (" + file
                    + " not found)");
            System.exit(2);
        }
        return Files.readString(file).strip();
    }
}
