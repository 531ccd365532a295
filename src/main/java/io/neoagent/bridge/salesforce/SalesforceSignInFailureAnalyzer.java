package io.neoagent.bridge.salesforce;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Salesforce sign-in setting that cannot work into Spring Boot's short "APPLICATION FAILED TO START"
 * report: one line naming the setting and what is wrong with it, with no stack trace.
 */
class SalesforceSignInFailureAnalyzer extends AbstractFailureAnalyzer<SalesforceSignInException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SalesforceSignInException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the setting, or unset " + SalesforceJwtKeystore.KEYSTORE
                        + " to sign in with the client-credentials flow (README.md, Salesforce sign-in).",
                null);
    }
}
