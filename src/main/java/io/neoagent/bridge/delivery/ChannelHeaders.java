package io.neoagent.bridge.delivery;

/**
 * The message headers a channel route may read: the only headers on the exchange the dispatcher sends to
 * {@code direct:<route>}, which is built afresh from the stored event (no request header ever reaches a channel).
 * The whole channel contract (what a route receives, these headers, what it ends with) is written down in
 * {@code docs/channels.md}.
 */
public final class ChannelHeaders {

    /** The delivery being attempted (a {@code long}): one event on one channel. Single deliveries only. */
    public static final String DELIVERY_ID = "NeoagentDeliveryId";

    /** The inbox event delivered (a {@code long}). Single deliveries only. */
    public static final String EVENT_ID = "NeoagentEventId";

    /** The channel, e.g. {@code appointment-email}: one route may serve several channels. Batches too. */
    public static final String CHANNEL = "NeoagentChannel";

    /** Which attempt this is (an {@code int}, 1 for the first). Single deliveries only. */
    public static final String ATTEMPT = "NeoagentAttempt";

    /**
     * A key unique to this delivery, the same for every attempt and unique beyond this inbox:
     * {@code <channel>-<delivery id>.<inbox id>}. The e-mail route makes it its Message-ID, so a mail sent again
     * after a lost answer is recognised as a repeat. Single deliveries only.
     */
    public static final String DELIVERY_KEY = "NeoagentDeliveryKey";

    /**
     * What an earlier attempt of this delivery already made at the destination and recorded, when the rest of that
     * attempt failed: e.g. the Lead's id, when only its campaign membership failed. A route that finds it does not
     * make that again. Unset on a first attempt. Single deliveries only.
     */
    public static final String RESULT_ID = "NeoagentResultId";

    private ChannelHeaders() {}
}
