package io.neoagent.bridge.delivery;

import java.util.Optional;

/**
 * Knows the errors of one kind of destination (Salesforce, SMTP) and says whether retrying can help.
 * Classifiers are asked in turn; an error none of them knows is treated as transient.
 */
public interface FailureClassifier {

    /** A judgement of {@code error}, or empty when this classifier does not know it. */
    Optional<DeliveryFailure> classify(Throwable error);
}
