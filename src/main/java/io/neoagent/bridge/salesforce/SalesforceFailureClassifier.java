package io.neoagent.bridge.salesforce;

import io.neoagent.bridge.delivery.DeliveryFailure;
import io.neoagent.bridge.delivery.FailureClassifier;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

/**
 * Judges Salesforce's answers. Transient: no answer at all (connection refused, timeout), HTTP 5xx, 408,
 * 429, and the error codes Salesforce uses for load and locking ({@code REQUEST_LIMIT_EXCEEDED},
 * {@code UNABLE_TO_LOCK_ROW}, {@code SERVER_UNAVAILABLE}, ...), and a failed login (fix the credentials
 * and the leads still go out). Permanent: any other 4xx, such as {@code REQUIRED_FIELD_MISSING},
 * {@code STRING_TOO_LONG}, {@code INVALID_EMAIL_ADDRESS}, {@code FIELD_CUSTOM_VALIDATION_EXCEPTION},
 * {@code DUPLICATES_DETECTED}. A record's own error in a batch (sObject Collections) is judged on its
 * error codes the same way. An {@code INVALID_EMAIL_ADDRESS} on the lead's Email is permanent too, but the lead
 * routes first send the lead again without Email ({@link #refusesEmail}), so it counts only when that fails. A
 * transient failure of the whole call that any lead would have had (no answer, 5xx, a failed login, the org's API
 * limit) is the channel being down ({@link DeliveryFailure#channelDown()}).
 */
@Component
public class SalesforceFailureClassifier implements FailureClassifier {

    private static final Set<String> TRANSIENT_CODES = Set.of(
            "REQUEST_LIMIT_EXCEEDED",
            "UNABLE_TO_LOCK_ROW",
            "SERVER_UNAVAILABLE",
            "QUERY_TIMEOUT",
            "INVALID_SESSION_ID",
            "API_CURRENTLY_DISABLED",
            "CONCURRENT_REQUEST_LIMIT_EXCEEDED");

    /**
     * The transient codes that refuse every call alike, whatever the lead: Salesforce (or the org's allowance) is
     * down, not the lead wrong. {@code UNABLE_TO_LOCK_ROW} and {@code QUERY_TIMEOUT} are about the records.
     */
    private static final Set<String> CHANNEL_DOWN_CODES = Set.of(
            "REQUEST_LIMIT_EXCEEDED",
            "SERVER_UNAVAILABLE",
            "INVALID_SESSION_ID",
            "API_CURRENTLY_DISABLED",
            "CONCURRENT_REQUEST_LIMIT_EXCEEDED");

    @Override
    public Optional<DeliveryFailure> classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SalesforceException salesforce) {
                return Optional.of(judge(salesforce));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether Salesforce refused the record's {@code Email} as invalid: {@code INVALID_EMAIL_ADDRESS} naming the
     * Email field, or naming no field. Such an address passed our own check, so it is Salesforce's stricter one.
     */
    public static boolean refusesEmail(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SalesforceException salesforce && salesforce.getErrors() != null) {
                return refusesEmail(salesforce.getErrors());
            }
        }
        return false;
    }

    static boolean refusesEmail(List<RestError> errors) {
        return errors.stream()
                .anyMatch(e -> "INVALID_EMAIL_ADDRESS".equals(e.getErrorCode())
                        && (e.getFields() == null
                                || e.getFields().isEmpty()
                                || e.getFields().contains("Email")));
    }

    /**
     * The same short reason a delivery records, for a log line (the {@code salesforce-sign-in} route's): Salesforce's
     * status, error codes and messages, or what kept it from answering.
     */
    public String reason(Throwable error) {
        return classify(error).map(DeliveryFailure::reason).orElseGet(() -> rootMessage(error));
    }

    private static DeliveryFailure judge(SalesforceException error) {
        int status = error.getStatusCode();
        List<RestError> errors = error.getErrors() == null ? List.of() : error.getErrors();
        String codes = errors.stream()
                .map(RestError::getErrorCode)
                .filter(code -> code != null)
                .collect(Collectors.joining(","));
        String duplicates = duplicates(error);
        if (error instanceof SalesforceRecordException) {
            String reason = "Salesforce record error " + codes + ": " + messages(errors, error) + duplicates;
            return errors.stream().anyMatch(e -> TRANSIENT_CODES.contains(e.getErrorCode()))
                    ? DeliveryFailure.transientFailure(reason)
                    : DeliveryFailure.permanentFailure(reason);
        }
        String reason = status > 0
                ? "Salesforce HTTP " + status + (codes.isEmpty() ? "" : " " + codes) + ": " + messages(errors, error)
                        + duplicates
                : "Salesforce unreachable: " + rootMessage(error);
        // no answer, an answer of Salesforce itself being down or over its limits, or no sign-in: every lead fails
        // alike (the lead is not what is wrong), and once one goes through, the others waiting can go too
        boolean channelDown = status <= 0
                || status >= 500
                || status == 408
                || status == 429
                || errors.stream().anyMatch(e -> CHANNEL_DOWN_CODES.contains(e.getErrorCode()))
                || isLoginFailure(error);
        if (channelDown) {
            return DeliveryFailure.channelDownFailure(reason);
        }
        return errors.stream().anyMatch(e -> TRANSIENT_CODES.contains(e.getErrorCode()))
                ? DeliveryFailure.transientFailure(reason)
                : DeliveryFailure.permanentFailure(reason);
    }

    /** For {@code DUPLICATES_DETECTED}: the records the org's duplicate rule matched, to open instead. */
    private static String duplicates(SalesforceException error) {
        List<String> ids = SalesforceDuplicates.matchingIds(error);
        return ids.isEmpty() ? "" : " (matching record" + (ids.size() > 1 ? "s " : " ") + String.join(", ", ids) + ")";
    }

    private static boolean isLoginFailure(SalesforceException error) {
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("login")
                || message.contains("oauth")
                || message.contains("invalid_grant")
                || message.contains("invalid_client");
    }

    private static String messages(List<RestError> errors, SalesforceException error) {
        if (errors.isEmpty()) {
            return rootMessage(error);
        }
        return errors.stream().map(RestError::getMessage).collect(Collectors.joining("; "));
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
