package io.neoagent.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.RawHttp;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Without {@code ADMIN_TOKEN} the management port trusts this machine only: a page that points its own host name at
 * 127.0.0.1 (DNS rebinding), or a form on another site, gets nothing and changes nothing.
 */
@BridgeTest
class ManagementPortWithoutTokenTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;
    RawHttp management;

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        management = new RawHttp(managementPort);
    }

    @Test
    void shouldRefuseTheAdminApiToARequestNamingAnotherHost() {
        assertThat(management.get("/admin/counts").status()).isEqualTo(200);
        assertThat(management
                        .get("/admin/counts", "Host", "localhost:" + managementPort)
                        .status())
                .isEqualTo(200);

        RawHttp.Reply rebound = management.get("/admin/counts", "Host", "attacker.example:" + managementPort);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body())
                .isEqualTo(
                        "{\"status\":\"error\",\"message\":\"Host must be localhost or 127.0.0.1 while ADMIN_TOKEN is not set\"}");
        assertThat(management.get("/admin/status", "Host", "attacker.example").status())
                .isEqualTo(403);
        assertThat(management
                        .get("/admin/counts", "Host", "127.0.0.1.attacker.example")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void shouldRefuseAReplayPostedFromAnotherSite() {
        storeDeadDelivery();
        String replay = "/admin/deliveries/replay?channel=salesforce-lead";

        assertThat(management
                        .send("POST", replay, new byte[0], "Origin", "http://attacker.example")
                        .status())
                .isEqualTo(403);
        assertThat(management
                        .send("POST", replay, new byte[0], "Sec-Fetch-Site", "cross-site")
                        .status())
                .isEqualTo(403);
        assertThat(management
                        .send(
                                "POST",
                                "/admin/status/replay/" + deliveryId(),
                                new byte[0],
                                "Origin",
                                "http://attacker.example",
                                "Content-Type",
                                "application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(403);
        assertThat(inbox.onlyDeliveryState()).isEqualTo("dead");

        RawHttp.Reply sameOrigin =
                management.send("POST", replay, new byte[0], "Origin", "http://127.0.0.1:" + managementPort);
        assertThat(sameOrigin.status()).isEqualTo(200);
        assertThat(inbox.onlyDeliveryState()).isEqualTo("held");
    }

    @Test
    void shouldShowHealthDetailsToThisMachineOnly() {
        assertThat(management.get("/actuator/health").body()).contains("\"inbox\"", "\"salesforce-lead\"");

        RawHttp.Reply elsewhere = management.get("/actuator/health", "Host", "attacker.example");
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.body()).isEqualTo("{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}");
    }

    private void storeDeadDelivery() {
        assertThat(new WebhookClient(port).postSigned(SignedRequest.LEAD).statusCode())
                .isEqualTo(200);
        jdbc.update("UPDATE inbox_delivery SET state = 'dead', last_error = 'test'");
    }

    private long deliveryId() {
        return ((Number) inbox.onlyDelivery().get("id")).longValue();
    }
}
