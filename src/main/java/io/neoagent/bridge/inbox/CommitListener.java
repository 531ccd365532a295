package io.neoagent.bridge.inbox;

/**
 * Told after each inbox commit that stored new events, on the thread that committed, before the requests of
 * that commit are answered. The delivery side implements it to start delivering at once instead of at its next
 * poll; it must return at once and never throw.
 */
public interface CommitListener {

    /** Some events were committed just now. */
    void eventsCommitted();
}
