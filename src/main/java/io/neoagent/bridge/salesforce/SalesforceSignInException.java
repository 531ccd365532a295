package io.neoagent.bridge.salesforce;

/**
 * The Salesforce sign-in settings cannot work; the message names the setting and what to do, never a secret.
 * Reported as Spring Boot's short start-up failure ({@link SalesforceSignInFailureAnalyzer}).
 */
public final class SalesforceSignInException extends RuntimeException {

    public SalesforceSignInException(String message) {
        super(message);
    }
}
