package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TcpProxy;
import io.neoagent.bridge.TestPostgres;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A PostgreSQL inbox that goes away (its port closed and every connection cut, through a proxy the test owns):
 * readiness goes {@code DOWN} with no webhook traffic to tell it so, and {@code UP} again once the server is back,
 * after which a lead is stored.
 */
@EnabledIfEnvironmentVariable(
        named = TestPostgres.URL_VARIABLE,
        matches = ".+",
        disabledReason = "no PostgreSQL configured: set " + TestPostgres.URL_VARIABLE
                + " (as .ci/run does) to run on PostgreSQL")
@BridgeTest
@Import(TestPostgres.CleanSchema.class)
@DirtiesContext
class ReadinessWhenPostgresIsUnreachableTest {

    private static final String SCHEMA = "bridge_readiness_test";
    private static TcpProxy postgres;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        postgres = TcpProxy.to(
                TestPostgres.address().getHostString(), TestPostgres.address().getPort());
        TestPostgres.register(registry, SCHEMA, TestPostgres.urlThrough(postgres.port()));
    }

    @AfterAll
    static void stopProxy() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldBeNotReadyWhilePostgresIsUnreachableAndReadyOnceItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(readiness().statusCode()).isEqualTo(200));

        postgres.stop();
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            HttpResponse<String> readiness = readiness();
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"inbox\":{\"status\":\"DOWN\"");
        });

        postgres.start();
        await().atMost(Duration.ofSeconds(45))
                .untilAsserted(() -> assertThat(readiness().statusCode()).isEqualTo(200));
        HttpResponse<String> accepted = new WebhookClient(port)
                .post(SignedRequest.of(
                                "{\"SerialNumber\":\"postgres-back\",\"Type\":\"Lead\",\"FirstName\":\"Back\",\"ID session\":1}")
                        .at(Instant.now()));
        assertThat(accepted.body()).isEqualTo("{\"status\":\"success\"}");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbox_event WHERE serial_number = 'postgres-back'", Integer.class))
                .isEqualTo(1);
    }

    private HttpResponse<String> readiness() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
