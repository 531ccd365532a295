package io.neoagent.bridge.salesforce;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.springframework.core.env.PropertyResolver;

/**
 * How the bridge signs in to Salesforce, judged from the settings as it starts, the way camel-salesforce picks its
 * flow: a JWT keystore set means the JWT bearer flow, a password the username-password flow, a client id and
 * secret alone the client-credentials flow.
 *
 * @param userName           {@code SALESFORCE_USERNAME}: the JWT's subject, or the username-password flow's user
 * @param password           {@code SALESFORCE_PASSWORD}: the username-password flow
 * @param authenticationType {@code camel.component.salesforce.authentication-type}, when set explicitly
 * @param jwtKeystore        {@code SALESFORCE_JWT_KEYSTORE}: a PKCS12 keystore file; empty: not the JWT flow
 * @param jwtKeystorePassword {@code SALESFORCE_JWT_KEYSTORE_PASSWORD}
 */
record SalesforceSignIn(
        String userName, String password, String authenticationType, String jwtKeystore, String jwtKeystorePassword) {

    /** The day Salesforce stops the username-password flow. */
    static final LocalDate PASSWORD_FLOW_ENDS = LocalDate.of(2027, 2, 20);

    static final String PASSWORD_FLOW_WARNING = "Salesforce sign-in uses the username-password flow"
            + " (SALESFORCE_USERNAME, SALESFORCE_PASSWORD), which Salesforce stops on " + PASSWORD_FLOW_ENDS
            + ": move to the client-credentials flow (an External Client App with a run-as user:"
            + " SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET) or the JWT bearer flow (SALESFORCE_JWT_KEYSTORE,"
            + " SALESFORCE_JWT_KEYSTORE_PASSWORD); README.md, Salesforce sign-in, has the steps";

    /** The settings as the environment has them ({@code application.yaml} and what overrides it). */
    static SalesforceSignIn from(PropertyResolver environment) {
        return new SalesforceSignIn(
                environment.getProperty("camel.component.salesforce.user-name"),
                environment.getProperty("camel.component.salesforce.password"),
                environment.getProperty("camel.component.salesforce.authentication-type"),
                environment.getProperty("salesforce.jwt.keystore"),
                environment.getProperty("salesforce.jwt.keystore-password"));
    }

    /**
     * The keystore camel-salesforce signs the JWT bearer flow's assertion with, once checked; empty when the JWT
     * flow is not configured.
     *
     * @throws SalesforceSignInException when the JWT settings cannot work, naming the setting
     */
    Optional<KeyStoreParameters> jwtBearerKeystore() {
        if (blank(jwtKeystore)) {
            return Optional.empty();
        }
        if (!blank(password)) {
            throw new SalesforceSignInException(SalesforceJwtKeystore.KEYSTORE
                    + " and SALESFORCE_PASSWORD are both set: the JWT bearer flow needs no password, unset"
                    + " SALESFORCE_PASSWORD");
        }
        if (blank(userName)) {
            throw new SalesforceSignInException(SalesforceJwtKeystore.KEYSTORE
                    + " is set but SALESFORCE_USERNAME is not: the JWT bearer flow signs in as that user (the"
                    + " token's subject), who must be pre-authorised for the External Client App");
        }
        Path file = Path.of(jwtKeystore.strip());
        String secret = jwtKeystorePassword == null ? "" : jwtKeystorePassword;
        SalesforceJwtKeystore.check(file, secret);
        KeyStoreParameters keystore = new KeyStoreParameters();
        keystore.setResource("file:" + file.toAbsolutePath());
        keystore.setPassword(secret);
        keystore.setType(SalesforceJwtKeystore.TYPE);
        return Optional.of(keystore);
    }

    /**
     * Whether camel-salesforce will use the username-password flow: chosen explicitly, or a password set (and no
     * JWT keystore, which {@link #jwtBearerKeystore()} refuses beside one).
     */
    boolean usesPasswordFlow() {
        if (!blank(authenticationType)) {
            return authenticationType.strip().toUpperCase(Locale.ROOT).equals("USERNAME_PASSWORD");
        }
        return !blank(password) && blank(jwtKeystore);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "SalesforceSignIn[jwtKeystore=" + jwtKeystore + "]";
    }
}
