package io.neoagent.bridge.inbox;

import java.util.List;

/**
 * What one request added to the inbox.
 *
 * @param storedEventIds ids of the events stored by this request, in request order
 * @param duplicates     events of the request that were already stored (a sender retry)
 * @param unrouted       stored events that no channel takes
 */
public record StoreResult(List<Long> storedEventIds, int duplicates, int unrouted) {

    @Override
    public String toString() {
        return "stored event(s) " + storedEventIds + ", " + duplicates + " duplicate(s), " + unrouted + " unrouted";
    }
}
