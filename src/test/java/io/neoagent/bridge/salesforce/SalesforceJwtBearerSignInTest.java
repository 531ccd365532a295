package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With SALESFORCE_JWT_KEYSTORE set, the bridge signs in with the JWT bearer flow: an assertion signed with the
 * keystore's private key, for the External Client App (client id) and the user (SALESFORCE_USERNAME). The stand-in
 * gives a session only to an assertion its certificate verifies, as Salesforce does.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "camel.component.salesforce.client-id=3MVG9jwt-consumer-key",
            "camel.component.salesforce.user-name=integration@example.com",
            BridgeTest.FAST_POLL
        })
class SalesforceJwtBearerSignInTest {

    private static final String KEYSTORE_PASSWORD = "keystore-secret-value";

    @TempDir
    static Path dir;

    private static PublicKey certificateKey;

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path keystore = TestKeystores.keyPair(dir.resolve("bridge.p12"), KEYSTORE_PASSWORD, "bridge", "RSA");
        certificateKey = TestKeystores.publicKey(keystore, KEYSTORE_PASSWORD, "bridge");
        SALESFORCE.acceptJwtSignedBy(certificateKey).configure(registry);
        registry.add("salesforce.jwt.keystore", keystore::toString);
        registry.add("salesforce.jwt.keystore-password", () -> KEYSTORE_PASSWORD);
    }

    @Test
    void shouldSignInWithAnAssertionSignedByTheKeystoreAndSendTheLeadWithTheTokenItGot(CapturedOutput output) {
        new WebhookClient(port).postSigned(SignedRequest.LEAD);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(new InboxRows(jdbc).onlyDeliveryState()).isEqualTo("delivered"));
        assertThat(SALESFORCE.everyLogin()).isNotEmpty();
        LoggedRequest login = SALESFORCE.everyLogin().get(0);
        Map<String, String> form = SalesforceStandIn.form(login);
        assertThat(form)
                .containsEntry("grant_type", SalesforceStandIn.JWT_BEARER)
                .doesNotContainKeys("password", "client_secret", "username");
        JwtBearerAssertion assertion = JwtBearerAssertion.parse(form.get("assertion"));
        assertThat(assertion.header().path("alg").asText()).isEqualTo("RS256");
        assertThat(assertion.signedBy(certificateKey))
                .as("RS256 signature verifies with the keystore's certificate")
                .isTrue();
        assertThat(assertion.claims().path("iss").asText()).isEqualTo("3MVG9jwt-consumer-key");
        assertThat(assertion.claims().path("sub").asText()).isEqualTo("integration@example.com");
        assertThat(assertion.claims().path("aud").asText()).isEqualTo(SALESFORCE.url());
        assertThat(Instant.ofEpochSecond(assertion.expiresAt()))
                .isAfter(login.getLoggedDate().toInstant())
                .isBefore(Instant.now().plus(Duration.ofMinutes(5)));

        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        assertThat(SALESFORCE.leadCreates().get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + SalesforceStandIn.ACCESS_TOKEN);
        assertThat(output.getAll()).doesNotContain(KEYSTORE_PASSWORD, "2027-02-20");
    }
}
