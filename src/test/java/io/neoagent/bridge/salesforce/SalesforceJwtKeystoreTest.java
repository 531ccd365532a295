package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes a keystore fit for the JWT bearer flow, judged as the bridge starts, and how a misfit is told. */
class SalesforceJwtKeystoreTest {

    private static final String PASSWORD = "keystore-secret-value";

    @TempDir
    Path dir;

    private Path rsa() {
        return TestKeystores.keyPair(dir.resolve("bridge.p12"), PASSWORD, "bridge", "RSA");
    }

    @Test
    void shouldAcceptAKeystoreWithOneRsaKeyAndItsCertificate() {
        Path keystore = rsa();

        assertThatCode(() -> SalesforceJwtKeystore.check(keystore, PASSWORD)).doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheSettingWhenTheFileDoesNotExist() {
        Path missing = dir.resolve("missing.p12");

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(missing, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE is " + missing + ", which is not a file");
    }

    @Test
    void shouldRefuseAFolder() {
        assertThatThrownBy(() -> SalesforceJwtKeystore.check(dir, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE is " + dir + ", which is not a file");
    }

    @Test
    void shouldSayThePasswordDoesNotOpenTheKeystoreWithoutShowingEitherPassword() {
        Path keystore = rsa();

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(keystore, "wrong-password-value"))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessage("SALESFORCE_JWT_KEYSTORE_PASSWORD does not open the keystore SALESFORCE_JWT_KEYSTORE ("
                        + keystore + ")")
                .message()
                .doesNotContain("wrong-password-value", PASSWORD);
    }

    @Test
    void shouldSayAnEmptyPasswordDoesNotOpenAProtectedKeystore() {
        Path keystore = rsa();

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(keystore, ""))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE_PASSWORD does not open the keystore");
    }

    @Test
    void shouldRefuseAFileThatIsNotAPkcs12Keystore() throws Exception {
        Path pem = Files.writeString(dir.resolve("bridge.pem"), "-----BEGIN PRIVATE KEY-----\nMIIE\n");

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(pem, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE (" + pem + ") cannot be read as a PKCS12 keystore");
    }

    @Test
    void shouldRefuseAKeystoreWithOnlyACertificate() {
        Path trustStore = TestKeystores.certificateOnly(rsa(), PASSWORD, dir.resolve("trust.p12"));

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(trustStore, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageStartingWith("SALESFORCE_JWT_KEYSTORE (" + trustStore + ") holds no private key");
    }

    @Test
    void shouldRefuseAKeystoreWithTwoKeysBecauseCamelSignsWithTheOnlyOne() {
        Path keystore = rsa();
        TestKeystores.keyPair(keystore, PASSWORD, "old", "RSA");

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(keystore, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageContaining("holds 2 private keys")
                .hasMessageContaining("bridge")
                .hasMessageContaining("old");
    }

    @Test
    void shouldRefuseAKeyWhosePasswordIsNotTheKeystores() {
        Path keystore = TestKeystores.withKeyPassword(rsa(), PASSWORD, "other-key-password", dir.resolve("two.p12"));

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(keystore, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageContaining(
                        "the private key 'bridge' has a password other than" + " SALESFORCE_JWT_KEYSTORE_PASSWORD")
                .message()
                .doesNotContain("other-key-password", PASSWORD);
    }

    @Test
    void shouldRefuseAnEcKeyBecauseRs256NeedsRsa() {
        Path keystore = TestKeystores.keyPair(dir.resolve("ec.p12"), PASSWORD, "bridge", "EC");

        assertThatThrownBy(() -> SalesforceJwtKeystore.check(keystore, PASSWORD))
                .isInstanceOf(SalesforceSignInException.class)
                .hasMessageContaining("its private key is EC, not RSA: the JWT bearer flow signs with RS256");
    }

    @Test
    void shouldReportTheProblemAsAShortStartUpFailureNamingWhatToDo() {
        var analysis = new SalesforceSignInFailureAnalyzer()
                .analyze(new IllegalStateException(
                        "Error creating bean", new SalesforceSignInException("SALESFORCE_JWT_KEYSTORE is x")));

        assertThat(analysis.getDescription()).isEqualTo("SALESFORCE_JWT_KEYSTORE is x");
        assertThat(analysis.getAction()).contains("README.md, Salesforce sign-in");
    }
}
