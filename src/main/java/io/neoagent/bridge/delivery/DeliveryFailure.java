package io.neoagent.bridge.delivery;

/**
 * How a failed delivery attempt is judged.
 *
 * @param permanent true: retrying cannot help (a validation error, a rejected address), the delivery is
 *                  dead at once; false: try again later
 * @param reason    short text recorded on the delivery, e.g. {@code REQUIRED_FIELD_MISSING: Company}
 */
public record DeliveryFailure(boolean permanent, String reason) {

    public static DeliveryFailure transientFailure(String reason) {
        return new DeliveryFailure(false, reason);
    }

    public static DeliveryFailure permanentFailure(String reason) {
        return new DeliveryFailure(true, reason);
    }
}
