package io.neoagent.bridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.RawHttp;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.NeoagentSignatureVerifier;
import io.neoagent.bridge.webhook.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Every spelling of a protected path, sent byte for byte over a socket: the admin API never answers without the
 * token, and the webhook's guard (content type, size) is never skipped, however the path is written.
 */
@BridgeTest
@TestPropertySource(properties = "admin.token=test-admin-token")
class RequestPathSpellingsTest {

    static final String TOKEN = "test-admin-token";

    /** Other spellings of {@code /admin/counts}: each one routed to the admin API by Tomcat or Spring MVC, or close to it. */
    static final List<String> ADMIN_COUNTS = List.of(
            "/%61dmin/counts",
            "/admin/%63ounts",
            "/%2561dmin/counts",
            "/admin;x/counts",
            "/admin/counts;x",
            "/admin/counts;jsessionid=1",
            "//admin/counts",
            "/admin//counts",
            "/admin/counts/",
            "/admin/./counts",
            "/./admin/counts",
            "/x/../admin/counts",
            "/admin/counts/.",
            "/ADMIN/counts",
            "/Admin/counts",
            "/admin/COUNTS",
            "/%41dmin/counts");

    /** Other spellings of the webhook path. */
    static final List<String> WEBHOOK = List.of(
            "/webhooks/neoagent;x",
            "/webhooks/%6Eeoagent",
            "/%77ebhooks/neoagent",
            "/webhooks;a=b/neoagent",
            "//webhooks/neoagent",
            "/webhooks//neoagent",
            "/webhooks/neoagent/",
            "/webhooks/./neoagent",
            "/x/../webhooks/neoagent",
            "/webhooks/neoagent/.",
            "/Webhooks/neoagent",
            "/webhooks/NEOAGENT");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    @Test
    void shouldAnswerTheAdminApiOnlyWithTheTokenHoweverThePathIsSpelled() {
        RawHttp management = new RawHttp(managementPort);
        assertThat(management
                        .get("/admin/counts", "Authorization", "Bearer " + TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(management.get("/admin/counts").status()).isEqualTo(401);

        for (String spelling : ADMIN_COUNTS) {
            RawHttp.Reply reply = management.get(spelling);
            assertThat(reply.status()).as(spelling).isIn(400, 401, 404);
            assertThat(reply.body())
                    .as(spelling)
                    .startsWith("{\"status\":\"error\"")
                    .doesNotContain("delivered", "pending");
        }
    }

    @Test
    void shouldReplayOnlyWithTheTokenHoweverThePathIsSpelled() {
        long deliveryId = storeDeadDelivery();
        RawHttp management = new RawHttp(managementPort);

        for (String spelling : List.of(
                "/%61dmin/deliveries/replay?channel=salesforce-lead",
                "/admin/deliveries/replay;x?channel=salesforce-lead",
                "//admin/deliveries/replay?channel=salesforce-lead",
                "/x/../admin/deliveries/replay?channel=salesforce-lead",
                "/admin/deliveries/" + deliveryId + "/replay/",
                "/admin/deliveries/%3" + deliveryId + "/replay",
                "/admin/./deliveries/" + deliveryId + "/replay")) {
            RawHttp.Reply reply = management.send("POST", spelling, new byte[0]);
            assertThat(reply.status()).as(spelling).isIn(400, 401, 404);
        }
        assertThat(inbox.onlyDeliveryState())
                .as("nothing replayed without the token")
                .isEqualTo("dead");

        RawHttp.Reply replayed = management.send(
                "POST",
                "/admin/deliveries/replay?channel=salesforce-lead",
                new byte[0],
                "Authorization",
                "Bearer " + TOKEN);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(inbox.onlyDeliveryState())
                .as("replayed with the token (held: Salesforce is not configured)")
                .isEqualTo("held");
    }

    @Test
    void shouldNeverStoreASignedRequestSentToAnotherSpellingOfTheWebhook() {
        RawHttp webhook = new RawHttp(port);
        SignedRequest lead = SignedRequest.of(SignedRequest.LEAD).at(Instant.now());

        for (String spelling : WEBHOOK) {
            RawHttp.Reply asJson = webhook.send(
                    "POST",
                    spelling,
                    lead.bytes(),
                    "Content-Type",
                    "application/json",
                    NeoagentSignatureVerifier.HEADER,
                    lead.header());
            assertThat(asJson.status())
                    .as(spelling + " answered " + asJson.body())
                    .isIn(400, 404);
            RawHttp.Reply asText = webhook.send(
                    "POST",
                    spelling,
                    lead.bytes(),
                    "Content-Type",
                    "text/plain",
                    NeoagentSignatureVerifier.HEADER,
                    lead.header());
            assertThat(asText.status()).as(spelling + " as text/plain").isIn(400, 404, 415);
            assertThat(asText.body()).as(spelling).startsWith("{\"status\":\"error\"");
        }
        assertThat(inbox.events()).isZero();

        RawHttp.Reply normal = webhook.send(
                "POST",
                "/webhooks/neoagent",
                lead.bytes(),
                "Content-Type",
                "application/json",
                NeoagentSignatureVerifier.HEADER,
                lead.header());
        assertThat(normal.body()).isEqualTo("{\"status\":\"success\"}");
        assertThat(inbox.events()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnOversizedBodyOnAnySpellingWithoutReadingItWhole() {
        RawHttp webhook = new RawHttp(port);
        byte[] big = ("{\"Content\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        for (String spelling : List.of("/webhooks/neoagent", "/webhooks/neoagent;x", "/webhooks/%6Eeoagent")) {
            RawHttp.Reply reply = webhook.send(
                    "POST",
                    spelling,
                    big,
                    "Content-Type",
                    "application/json",
                    NeoagentSignatureVerifier.HEADER,
                    "t=1,v1=00");
            assertThat(reply.status()).as(spelling).isIn(400, 413);
        }
        // 64 MiB chunked, no declared length: refused after at most the limit is read, never buffered whole
        for (String spelling : List.of("/webhooks/neoagent", "/webhooks/neoagent;x")) {
            RawHttp.ChunkedReply reply = webhook.postChunked(
                    spelling,
                    64 * 1024,
                    1024,
                    "Content-Type",
                    "application/json",
                    NeoagentSignatureVerifier.HEADER,
                    "t=1,v1=00");
            assertThat(reply.reply().status()).as(spelling).isIn(400, 413);
            assertThat(reply.bytesWritten())
                    .as(spelling + ": bytes the bridge took before answering")
                    .isLessThan(32L * 1024 * 1024);
        }
    }

    private long storeDeadDelivery() {
        SignedRequest lead = SignedRequest.of(SignedRequest.LEAD).at(Instant.now());
        RawHttp.Reply stored = new RawHttp(port)
                .send(
                        "POST",
                        "/webhooks/neoagent",
                        lead.bytes(),
                        "Content-Type",
                        "application/json",
                        NeoagentSignatureVerifier.HEADER,
                        lead.header());
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        jdbc.update("UPDATE inbox_delivery SET state = 'dead', last_error = 'test'");
        return ((Number) inbox.onlyDelivery().get("id")).longValue();
    }
}
