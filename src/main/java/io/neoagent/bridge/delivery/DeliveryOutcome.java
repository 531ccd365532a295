package io.neoagent.bridge.delivery;

/**
 * What became of one delivery sent in a batch. A channel's batch route gets the stored events as a list
 * and ends with one outcome per event, in the same order ({@code docs/channels.md}); each is recorded as a
 * single delivery is.
 */
public sealed interface DeliveryOutcome {

    /** Delivered; {@code resultId} is the id the destination gave it (may be null). */
    record Delivered(String resultId) implements DeliveryOutcome {}

    /** Failed: judged like a failed single delivery (retry later, or dead when retrying cannot help). */
    record Failed(Throwable error) implements DeliveryOutcome {}

    /** Left out of the call (e.g. a second event of one conversation): given back, due again at once. */
    record NotSent(String reason) implements DeliveryOutcome {}

    static DeliveryOutcome delivered(String resultId) {
        return new Delivered(resultId);
    }

    static DeliveryOutcome failed(Throwable error) {
        return new Failed(error);
    }

    static DeliveryOutcome notSent(String reason) {
        return new NotSent(reason);
    }
}
