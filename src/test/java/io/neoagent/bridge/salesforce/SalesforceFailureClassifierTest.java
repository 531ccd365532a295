package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.delivery.DeliveryFailure;
import java.net.ConnectException;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SalesforceFailureClassifierTest {

    private final SalesforceFailureClassifier classifier = new SalesforceFailureClassifier();

    private DeliveryFailure judge(int status, String code) {
        RestError error = new RestError(code, "message for " + code);
        return classifier
                .classify(new RuntimeCamelException(new SalesforceException(List.of(error), status)))
                .orElseThrow();
    }

    @ParameterizedTest(name = "HTTP {0} {1} is permanent: {2}")
    @CsvSource({
        "400, REQUIRED_FIELD_MISSING, true",
        "400, STRING_TOO_LONG, true",
        "400, INVALID_EMAIL_ADDRESS, true",
        "400, FIELD_CUSTOM_VALIDATION_EXCEPTION, true",
        "400, DUPLICATES_DETECTED, true",
        "404, NOT_FOUND, true",
        "403, REQUEST_LIMIT_EXCEEDED, false",
        "400, UNABLE_TO_LOCK_ROW, false",
        "503, SERVER_UNAVAILABLE, false",
        "500, UNKNOWN_EXCEPTION, false",
        "429, TOO_MANY, false"
    })
    void shouldClassifySalesforceErrors(int status, String code, boolean permanent) {
        DeliveryFailure failure = judge(status, code);

        assertThat(failure.permanent()).isEqualTo(permanent);
        assertThat(failure.reason()).contains(code).contains("message for " + code);
    }

    @ParameterizedTest(name = "HTTP {0} {1}: Salesforce is down, not the lead wrong: {2}")
    @CsvSource({
        "503, SERVER_UNAVAILABLE, true",
        "500, UNKNOWN_EXCEPTION, true",
        "403, REQUEST_LIMIT_EXCEEDED, true",
        "401, INVALID_SESSION_ID, true",
        "429, TOO_MANY, true",
        "400, UNABLE_TO_LOCK_ROW, false",
        "400, REQUIRED_FIELD_MISSING, false"
    })
    void shouldTellWhenEveryLeadWouldHaveFailedAlike(int status, String code, boolean channelDown) {
        assertThat(judge(status, code).channelDown()).isEqualTo(channelDown);
    }

    @ParameterizedTest(name = "a batch record's own {0} is not Salesforce down")
    @CsvSource({"UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED"})
    void shouldNeverTakeARecordErrorForSalesforceDown(String code) {
        SalesforceRecordException rejected =
                new SalesforceRecordException(List.of(new RestError(code, "message for " + code)));

        assertThat(classifier.classify(rejected).orElseThrow().channelDown()).isFalse();
    }

    @ParameterizedTest(name = "no answer is transient")
    @CsvSource("0")
    void shouldTreatNoAnswerAsTransient(int status) {
        SalesforceException unreachable =
                new SalesforceException("Unexpected error", status, new ConnectException("Connection refused"));

        DeliveryFailure failure = classifier.classify(unreachable).orElseThrow();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.channelDown()).isTrue();
        assertThat(failure.reason()).isEqualTo("Salesforce unreachable: ConnectException: Connection refused");
    }

    @ParameterizedTest(name = "a batch record's {0} is permanent: {1}")
    @CsvSource({
        "REQUIRED_FIELD_MISSING, true",
        "FIELD_CUSTOM_VALIDATION_EXCEPTION, true",
        "DUPLICATE_VALUE, true",
        "UNABLE_TO_LOCK_ROW, false",
        "REQUEST_LIMIT_EXCEEDED, false"
    })
    void shouldJudgeARecordOfABatchOnItsErrorCode(String code, boolean permanent) {
        SalesforceRecordException rejected =
                new SalesforceRecordException(List.of(new RestError(code, "message for " + code)));

        DeliveryFailure failure = classifier.classify(rejected).orElseThrow();

        assertThat(failure.permanent()).isEqualTo(permanent);
        assertThat(failure.reason()).isEqualTo("Salesforce record error " + code + ": message for " + code);
    }

    @ParameterizedTest(name = "{0} on fields [{1}] refuses the Email: {2}")
    @CsvSource({
        "INVALID_EMAIL_ADDRESS, Email, true",
        "INVALID_EMAIL_ADDRESS, '', true",
        "INVALID_EMAIL_ADDRESS, Secondary_Email__c, false",
        "REQUIRED_FIELD_MISSING, Email, false"
    })
    void shouldTellWhenSalesforceRefusedTheEmail(String code, String field, boolean refusesEmail) {
        RestError error = new RestError(code, "message for " + code, field.isEmpty() ? List.of() : List.of(field));

        assertThat(SalesforceFailureClassifier.refusesEmail(
                        new RuntimeCamelException(new SalesforceException(List.of(error), 400))))
                .isEqualTo(refusesEmail);
    }
}
