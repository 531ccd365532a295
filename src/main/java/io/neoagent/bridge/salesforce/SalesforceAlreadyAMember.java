package io.neoagent.bridge.salesforce;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.springframework.stereotype.Component;

/**
 * The condition in {@code routes/salesforce-lead.camel.yaml} ({@code onWhen: ref: salesforceAlreadyAMember}):
 * Salesforce refused a CampaignMember because the lead is a member of that campaign already ({@code DUPLICATE_VALUE}:
 * an earlier attempt's call landed and its answer was lost). A predicate bean because Camel hands a {@code method}
 * condition a copy of the exchange without the exception.
 */
@Component("salesforceAlreadyAMember")
public class SalesforceAlreadyAMember implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        Throwable error = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SalesforceException salesforce && salesforce.getErrors() != null) {
                return salesforce.getErrors().stream().anyMatch(e -> "DUPLICATE_VALUE".equals(e.getErrorCode()));
            }
        }
        return false;
    }
}
