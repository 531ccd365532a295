package io.neoagent.bridge.webhook;

/** How an event reached the inbox: posted to the webhook, or recovered from neoagent's lead list by the catch-up. */
public enum EventSource {
    WEBHOOK("webhook"),
    CATCH_UP("catch-up");

    private final String value;

    EventSource(String value) {
        this.value = value;
    }

    /** As stored in {@code inbox_event.source} and shown by the admin API. */
    public String value() {
        return value;
    }

    public static EventSource of(String value) {
        for (EventSource source : values()) {
            if (source.value.equals(value)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown event source " + value + " (webhook, catch-up)");
    }
}
