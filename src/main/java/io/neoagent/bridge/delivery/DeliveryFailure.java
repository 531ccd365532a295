package io.neoagent.bridge.delivery;

/**
 * How a failed delivery attempt is judged.
 *
 * @param permanent   true: retrying cannot help (a validation error, a rejected address), the delivery is
 *                    dead at once; false: try again later
 * @param reason      short text recorded on the delivery, e.g. {@code REQUIRED_FIELD_MISSING: Company}
 * @param channelDown the channel was down, not the delivery wrong: no connection, a timeout, HTTP 5xx, a refused
 *                    login, the org's API limit reached. Any delivery to it would have failed the same way, so as
 *                    soon as one succeeds again, the deliveries waiting on such a retry go at once (together, in
 *                    batches where the channel batches) instead of each on its own retry schedule
 */
public record DeliveryFailure(boolean permanent, String reason, boolean channelDown) {

    public DeliveryFailure(boolean permanent, String reason) {
        this(permanent, reason, false);
    }

    /** Retrying can help; this delivery's own failure (a locked record), not the channel's. */
    public static DeliveryFailure transientFailure(String reason) {
        return new DeliveryFailure(false, reason, false);
    }

    /** Retrying can help: the channel is down (see {@link #channelDown()}). */
    public static DeliveryFailure channelDownFailure(String reason) {
        return new DeliveryFailure(false, reason, true);
    }

    public static DeliveryFailure permanentFailure(String reason) {
        return new DeliveryFailure(true, reason, false);
    }
}
