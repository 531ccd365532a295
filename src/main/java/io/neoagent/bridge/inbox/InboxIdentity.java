package io.neoagent.bridge.inbox;

import org.springframework.stereotype.Component;

/**
 * The inbox's own random id (table {@code inbox_identity}, made once by its migration), so that a Message-ID
 * built from a delivery id is unique beyond this inbox. Read from the database on first use, then kept: the
 * same for every attempt and across restarts, different for every other inbox.
 */
@Component
public class InboxIdentity {

    private final InboxRepository repository;
    private volatile String inboxId;

    public InboxIdentity(InboxRepository repository) {
        this.repository = repository;
    }

    /** 32 lower-case hex digits. */
    public String inboxId() {
        String id = inboxId;
        if (id == null) {
            id = repository.inboxId();
            inboxId = id;
        }
        return id;
    }
}
