package io.neoagent.bridge.delivery;

/**
 * Thrown by a channel when its delivery depends on another one that has not landed yet (e.g. a Task on the lead its
 * conversation is still making): the delivery is tried again later, as after any transient failure, and its reason
 * says what it waits for.
 */
public class WaitingForDeliveryException extends Exception {

    public WaitingForDeliveryException(String message) {
        super(message);
    }
}
