package io.neoagent.bridge.inbox;

/**
 * What the store needs to know of the delivery channels when it stores an event: whether a channel can deliver
 * now. A delivery of a channel that cannot is stored {@code held} instead of {@code pending}. Implemented on the
 * delivery side, so the store does not depend on it.
 */
public interface ChannelStates {

    /** Whether {@code channel} has the settings it needs to deliver. */
    boolean isConfigured(String channel);
}
