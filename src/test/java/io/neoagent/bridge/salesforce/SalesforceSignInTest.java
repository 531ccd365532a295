package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sign-in flow the settings choose, and the JWT settings that cannot work together. */
class SalesforceSignInTest {

    private static final String PASSWORD = "keystore-secret-value";

    @TempDir
    Path dir;

    @Test
    void shouldNotUseJwtWhenTheKeystoreIsEmpty() {
        SalesforceSignIn signIn = new SalesforceSignIn("", "", null, "", "");

        assertThat(signIn.jwtBearerKeystore()).isEmpty();
        assertThat(signIn.usesPasswordFlow()).isFalse();
    }

    @Test
    void shouldHandCamelTheKeystoreAsAFileResourceWithItsPassword() {
        Path keystore = TestKeystores.keyPair(dir.resolve("bridge.p12"), PASSWORD, "bridge", "RSA");

        KeyStoreParameters parameters = new SalesforceSignIn(
                        "integration@example.com", "", null, keystore + " ", PASSWORD)
                .jwtBearerKeystore()
                .orElseThrow();

        assertThat(parameters.getResource()).isEqualTo("file:" + keystore.toAbsolutePath());
        assertThat(parameters.getPassword()).isEqualTo(PASSWORD);
        assertThat(parameters.getType()).isEqualTo("PKCS12");
    }

    @Test
    void shouldCheckTheKeystoreFile() {
        Path missing = dir.resolve("missing.p12");

        assertThatThrownBy(() -> new SalesforceSignIn("integration@example.com", "", null, missing.toString(), PASSWORD)
                        .jwtBearerKeystore())
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE is " + missing);
    }

    @Test
    void shouldRefuseAKeystoreBesideAPasswordWhichCamelCouldNotChooseBetween() {
        assertThatThrownBy(() -> new SalesforceSignIn("integration@example.com", "secret-and-token", null, "x.p12", "")
                        .jwtBearerKeystore())
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE and SALESFORCE_PASSWORD are both set")
                .message()
                .doesNotContain("secret-and-token");
    }

    @Test
    void shouldRefuseAKeystoreWithoutTheUserItSignsInAs() {
        assertThatThrownBy(() -> new SalesforceSignIn(" ", null, null, "x.p12", PASSWORD).jwtBearerKeystore())
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE is set but SALESFORCE_USERNAME is not");
    }

    @Test
    void shouldTellThePasswordFlowByItsPasswordOrItsExplicitType() {
        assertThat(new SalesforceSignIn("u@example.com", "secret", null, "", "").usesPasswordFlow())
                .isTrue();
        assertThat(new SalesforceSignIn("u@example.com", "secret", "", null, null).usesPasswordFlow())
                .isTrue();
        assertThat(new SalesforceSignIn("u@example.com", "", "username_password", "", "").usesPasswordFlow())
                .isTrue();
        assertThat(new SalesforceSignIn("u@example.com", "secret", "CLIENT_CREDENTIALS", "", "").usesPasswordFlow())
                .isFalse();
        assertThat(new SalesforceSignIn("u@example.com", "", null, "", "").usesPasswordFlow())
                .as("a user name alone is not the password flow")
                .isFalse();
    }

    @Test
    void shouldKeepTheKeystorePasswordOutOfItsText() {
        assertThat(new SalesforceSignIn("u@example.com", "secret", null, "x.p12", PASSWORD).toString())
                .doesNotContain(PASSWORD, "secret", "u@example.com");
    }
}
