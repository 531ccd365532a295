package io.neoagent.bridge.inbox;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a delivery stands, stored in {@code inbox_delivery.state} as its {@link #value()}. The value is also how the
 * state is shown everywhere: admin API JSON, the status page, the {@code state} tag of the backlog gauge.
 */
public enum DeliveryState {

    /** Waiting for its first attempt. */
    PENDING,
    /** Failed with a transient error; tried again at its next attempt time. */
    RETRYING,
    /** Done: the channel accepted it. */
    DELIVERED,
    /** Failed for good (a permanent error, or out of attempts); waits for a replay. */
    DEAD,
    /** Its channel is not configured: waits until it is, or for a replay. */
    HELD;

    /** Every column value, in declaration order. */
    public static final List<String> VALUES =
            Arrays.stream(values()).map(DeliveryState::value).toList();

    private final String value = name().toLowerCase(Locale.ROOT);

    /** The column value: {@code pending}, {@code retrying}, ... */
    @JsonValue
    public String value() {
        return value;
    }

    /** Not yet delivered and still being tried: the backlog. */
    public boolean undelivered() {
        return this == PENDING || this == RETRYING;
    }

    /** Dead and held deliveries can be replayed. */
    public boolean replayable() {
        return this == DEAD || this == HELD;
    }

    /**
     * The state of a column value.
     *
     * @throws IllegalArgumentException naming the values there are, when {@code value} is none of them
     */
    public static DeliveryState of(String value) {
        for (DeliveryState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("state must be one of " + VALUES);
    }

    /** The column value, so templates and log lines show what the API shows. */
    @Override
    public String toString() {
        return value;
    }
}
