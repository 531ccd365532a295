package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neoagent.bridge.LeadBridgeApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A JWT keystore that cannot sign stops the bridge as it starts, before any bean is made, with Spring Boot's short
 * report naming the setting: no stack trace, no password.
 */
@ExtendWith(OutputCaptureExtension.class)
class SalesforceJwtKeystoreAtStartUpTest {

    private static final String PASSWORD = "keystore-secret-value";
    private static final String WRONG_PASSWORD = "wrong-secret-value";

    @TempDir
    Path dir;

    @Test
    void shouldFailToStartNamingThePasswordSettingWhenItDoesNotOpenTheKeystore(CapturedOutput output) {
        Path keystore = TestKeystores.keyPair(dir.resolve("bridge.p12"), PASSWORD, "bridge", "RSA");

        assertThatThrownBy(() -> new SpringApplicationBuilder(LeadBridgeApplication.class)
                        .profiles("test")
                        .run(
                                "--spring.config.additional-location=optional:classpath:/",
                                "--server.port=0",
                                "--management.server.port=0",
                                "--neoagent.data-dir=" + dir,
                                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("inbox.db"),
                                "--camel.springboot.main-run-controller=false",
                                "--camel.component.salesforce.client-id=3MVG9jwt-consumer-key",
                                "--camel.component.salesforce.user-name=integration@example.com",
                                "--salesforce.jwt.keystore=" + keystore,
                                "--salesforce.jwt.keystore-password=" + WRONG_PASSWORD)
                        .close())
                .isInstanceOf(SalesforceSignInException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("SALESFORCE_JWT_KEYSTORE_PASSWORD does not open the keystore SALESFORCE_JWT_KEYSTORE ("
                        + keystore + ")")
                .contains("README.md, Salesforce sign-in")
                .doesNotContain(WRONG_PASSWORD, PASSWORD)
                .doesNotContain("\tat ", "Error creating bean");
    }
}
