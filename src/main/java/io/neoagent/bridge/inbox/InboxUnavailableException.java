package io.neoagent.bridge.inbox;

/** The inbox could not commit: nothing of the request was stored and the sender should retry (503). */
public final class InboxUnavailableException extends RuntimeException {

    public InboxUnavailableException(Throwable cause) {
        super("the inbox cannot store events right now; retry later", cause);
    }
}
