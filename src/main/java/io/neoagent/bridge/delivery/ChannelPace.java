package io.neoagent.bridge.delivery;

/**
 * Slows a channel down while its destination is near a limit of its own (e.g. the Salesforce org's daily API
 * allowance): the dispatcher then sends a delivery of that channel only when it is the only one due, and holds
 * batches (a burst, a backlog, retries) until the channel may go at full pace again.
 */
public interface ChannelPace {

    /** Whether {@code channel} may send now only a delivery that is due alone. */
    boolean onlyDueAlone(String channel);
}
