package io.neoagent.bridge.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps personal data only as long as it is needed: an event whose deliveries are all delivered (or that had none
 * to make, unrouted) is removed, with its deliveries, once it is older than {@code inbox.retention} (90 days by
 * default). Dead, held, pending and retrying deliveries keep their event until they are handled, and so do
 * invalid events (signed requests the parser refused), whatever their age. Runs every
 * {@code inbox.retention-check} (1 h), in small transactions so the intake never waits long behind it.
 */
@Component("inboxRetention")
public class InboxRetention {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);
    private static final int BATCH = 500;

    private final InboxRepository repository;
    private final TransactionTemplate transaction;
    private final InboxWriteGate gate;
    private final Clock clock;
    private final Duration retention;

    public InboxRetention(
            InboxRepository repository,
            TransactionTemplate transaction,
            InboxWriteGate gate,
            Clock clock,
            InboxProperties properties) {
        this.repository = repository;
        this.transaction = transaction;
        this.gate = gate;
        this.clock = clock;
        this.retention = properties.retention();
    }

    @Scheduled(initialDelayString = "${inbox.retention-check:1h}", fixedDelayString = "${inbox.retention-check:1h}")
    void scheduled() {
        try {
            apply();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Inbox retention could not run ({}); it tries again at the next check",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Removes what is past retention and done.
     *
     * @return how many events were removed
     */
    public int apply() {
        if (retention.isZero() || retention.isNegative()) {
            return 0;
        }
        long before = clock.millis() - retention.toMillis();
        int removed = 0;
        for (int batch = BATCH; batch == BATCH; ) {
            batch = gate.write(() -> transaction.execute(status -> {
                List<Long> ids = repository.eventsDoneBefore(before, BATCH);
                repository.removeEvents(ids);
                return ids.size();
            }));
            removed += batch;
        }
        if (removed > 0) {
            LOG.info("Inbox retention: removed {} delivered events older than {} days", removed, retention.toDays());
        }
        return removed;
    }
}
