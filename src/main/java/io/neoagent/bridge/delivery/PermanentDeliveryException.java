package io.neoagent.bridge.delivery;

/** Thrown by a channel when an event cannot be delivered however often it is tried. */
public class PermanentDeliveryException extends RuntimeException {

    public PermanentDeliveryException(String message) {
        super(message);
    }
}
