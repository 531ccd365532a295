package io.neoagent.bridge.catchup;

/** A pull of neoagent's lead list that brought nothing usable, with why: the metric's reason and a message for the log. */
final class LeadListFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a pull failed: the {@code reason} tag of {@code neoagent.catch-up.pulls.failed}. */
    enum Reason {
        /** 401 or 403: the key is wrong, revoked, or not the chatbot's account's. */
        REFUSED("refused"),
        /** 429: neoagent asks to slow down. */
        THROTTLED("throttled"),
        /** 5xx. */
        SERVER("server-error"),
        /** any other status that is not a success. */
        STATUS("status"),
        /** no connection, a timeout, a reply cut off. */
        UNREACHABLE("unreachable"),
        /** a reply that is not JSON (an HTML error page), has no {@code Data} list, or is too large. */
        INVALID("invalid-reply"),
        /** the recovered events could not be stored. */
        INBOX("inbox"),
        /** anything else. */
        ERROR("error");

        final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    final Reason reason;

    /** Seconds neoagent asked to wait (a 429's {@code Retry-After}); 0 when it did not say. */
    final long retryAfterSeconds;

    LeadListFailure(Reason reason, String message) {
        this(reason, message, 0);
    }

    LeadListFailure(Reason reason, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
