package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The README's test sender, run as a user runs it, against a bridge using its generated key. */
@BridgeTest
class SendSampleTest {

    static Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = TestSupport.sqliteInbox(registry);
        registry.add("neoagent.signing-keys", () -> "");
    }

    private Process run(String kind) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "src/main/tools/SendSample.java",
                        kind,
                        "http://127.0.0.1:" + port + "/webhooks/neoagent")
                .redirectErrorStream(true);
        builder.environment().remove("NEOAGENT_SIGNING_KEY");
        builder.environment().remove("NEOAGENT_SIGNING_KEYS");
        builder.environment().put("NEOAGENT_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    @Test
    void shouldSignAndPostSamplesWithTheGeneratedKey() throws Exception {
        Process lead = run("lead");
        assertThat(new String(lead.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("200 {\"status\":\"success\"}");
        assertThat(lead.exitValue()).isZero();
        assertThat(run("appointment").exitValue()).isZero();

        assertThat(new InboxRows(jdbc).eventRows())
                .extracting(row -> row.get("event_type"))
                .contains("Lead", "Appointment");
    }
}
