package io.neoagent.bridge.delivery;

/**
 * A delivery claimed by this instance for one attempt, under a lease. Never handed to a route: a channel route
 * sees only the stored event and the {@link ChannelHeaders} built from this claim.
 *
 * @param id       the delivery
 * @param eventId  the event it delivers
 * @param channel  the channel, e.g. {@code salesforce-lead}
 * @param route    the channel's route, called as {@code direct:<route>}
 * @param batchRoute the channel's batch route when it batches, called as {@code direct:<batchRoute>}, else null
 * @param attempts attempts made before this one
 * @param owner    this instance's lease owner id
 * @param leaseToken the random token this claim wrote into the delivery row: every outcome and lease renewal of
 *                 this attempt is written only while the row still carries it, so nothing is recorded for a
 *                 claim whose lease ran out and was claimed again (by another instance or by this one)
 * @param createdAt when the delivery was stored (epoch ms), for the delivery latency
 * @param resultId  what an earlier attempt already made at the destination (the id it recorded), or null
 */
public record DeliveryClaim(
        long id,
        long eventId,
        String channel,
        String route,
        String batchRoute,
        int attempts,
        String owner,
        String leaseToken,
        long createdAt,
        String resultId) {

    @Override
    public String toString() {
        return "delivery " + id + " of event " + eventId + " to " + channel;
    }
}
