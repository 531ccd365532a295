package io.neoagent.bridge.salesforce;

import java.util.List;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * One record's errors in an sObject Collections answer: the call itself succeeded (HTTP 200), this record did
 * not. Judged by {@link SalesforceFailureClassifier} on its error codes alone.
 */
public class SalesforceRecordException extends SalesforceException {

    private final List<String> duplicateIds;

    public SalesforceRecordException(List<RestError> errors) {
        this(errors, List.of());
    }

    /** @param duplicateIds the records a duplicate rule found this one to match ({@code DUPLICATES_DETECTED}) */
    public SalesforceRecordException(List<RestError> errors, List<String> duplicateIds) {
        super(errors, 200, "Salesforce rejected the record");
        this.duplicateIds = List.copyOf(duplicateIds);
    }

    public List<String> duplicateIds() {
        return duplicateIds;
    }
}
