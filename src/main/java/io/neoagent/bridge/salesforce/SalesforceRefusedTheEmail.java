package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.springframework.stereotype.Component;

/**
 * The condition of the second call in {@code routes/salesforce-lead.camel.yaml} ({@code onWhen: ref:
 * salesforceRefusedTheEmail}): Salesforce refused the lead's Email as invalid and the lead sent (variable
 * {@code lead}) has one, so it can go again without it. A predicate bean because Camel hands a {@code method}
 * condition a copy of the exchange without the exception.
 */
@Component("salesforceRefusedTheEmail")
public class SalesforceRefusedTheEmail implements Predicate {

    private final ObjectMapper json;

    public SalesforceRefusedTheEmail(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable error = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String lead = exchange.getVariable("lead", String.class);
        if (!SalesforceFailureClassifier.refusesEmail(error) || lead == null) {
            return false;
        }
        try {
            return json.readTree(lead).has("Email");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
