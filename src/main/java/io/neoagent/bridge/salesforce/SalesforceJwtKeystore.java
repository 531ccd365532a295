package io.neoagent.bridge.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The keystore of the JWT bearer flow, checked as the bridge starts: camel-salesforce signs each token request's
 * assertion (RS256) with the only private key of a PKCS12 keystore, read with the keystore's own password. A file
 * that cannot do that fails the start with one line naming the setting, instead of every lead failing later.
 * Messages name the file, never the password.
 */
final class SalesforceJwtKeystore {

    static final String KEYSTORE = "SALESFORCE_JWT_KEYSTORE";
    static final String PASSWORD = "SALESFORCE_JWT_KEYSTORE_PASSWORD";
    static final String TYPE = "PKCS12";

    private SalesforceJwtKeystore() {}

    /**
     * Opens {@code file} with {@code password} and checks it holds exactly one private key, an RSA key readable with
     * the same password.
     *
     * @throws SalesforceSignInException saying which of these it is not
     */
    static void check(Path file, String password) {
        if (!Files.isRegularFile(file)) {
            throw new SalesforceSignInException(
                    KEYSTORE + " is " + file + ", which is not a file (" + file.toAbsolutePath() + " does not exist)");
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore keystore = open(file, secret);
        List<String> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(keystore.aliases())) {
                if (keystore.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new SalesforceSignInException(KEYSTORE + " (" + file + ") cannot be read: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new SalesforceSignInException(KEYSTORE + " (" + file + ") holds no private key, only certificates:"
                    + " the JWT bearer flow signs with the private key whose certificate the External Client App has");
        }
        if (keys.size() > 1) {
            throw new SalesforceSignInException(KEYSTORE + " (" + file + ") holds " + keys.size() + " private keys "
                    + keys + ": keep only the one whose certificate the External Client App has");
        }
        Key key;
        try {
            key = keystore.getKey(keys.get(0), secret);
        } catch (UnrecoverableKeyException e) {
            throw new SalesforceSignInException(KEYSTORE + " (" + file + "): the private key '" + keys.get(0)
                    + "' has a password other than " + PASSWORD + "; give it the keystore's password");
        } catch (GeneralSecurityException e) {
            throw new SalesforceSignInException(KEYSTORE + " (" + file + ") cannot be read: " + e.getMessage());
        }
        if (!(key instanceof RSAPrivateKey)) {
            throw new SalesforceSignInException(KEYSTORE + " (" + file + "): its private key is " + key.getAlgorithm()
                    + ", not RSA: the JWT bearer flow signs with RS256, which needs an RSA key");
        }
    }

    private static KeyStore open(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keystore = KeyStore.getInstance(TYPE);
            keystore.load(in, password);
            return keystore;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new SalesforceSignInException(
                        PASSWORD + " does not open the keystore " + KEYSTORE + " (" + file + ")");
            }
            throw new SalesforceSignInException(
                    KEYSTORE + " (" + file + ") cannot be read as a " + TYPE + " keystore: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new SalesforceSignInException(
                    KEYSTORE + " (" + file + ") cannot be read as a " + TYPE + " keystore: " + e.getMessage());
        }
    }
}
