package io.neoagent.bridge.inbox;

import io.neoagent.bridge.logging.PersonalData;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether the inbox can commit right now, for readiness ({@link InboxHealth}): success is answered only after a
 * commit, so a bridge whose inbox cannot commit must not be sent traffic.
 *
 * <p>Learned from the intake's own commits first: a request the inbox could not store ({@link Inbox#store}) makes the
 * inbox unwritable at once, a commit makes it writable. When they tell nothing (no traffic, which is what a bridge
 * that is not ready gets), a write probe asks: a row inserted into {@code inbox_write_probe} and deleted again, in one
 * transaction committed for real, through the {@link InboxWriteGate}. Its row carries {@value #PROBE_BYTES} bytes, so
 * on SQLite it needs fresh pages, as storing events does, and fails with a full disk ({@code SQLITE_FULL}), where an
 * update that touches no row succeeds. The probe also takes the write lock of the intake's two tables. It runs in the
 * background, so a health request never waits for the database: every {@link #RECHECK_WHILE_UNWRITABLE} while the
 * inbox is unwritable, and after {@link #PROBE_WHEN_IDLE} without any commit while it is writable.
 */
@Component
class InboxWritability {

    static final Duration RECHECK_WHILE_UNWRITABLE = Duration.ofSeconds(1);
    static final Duration PROBE_WHEN_IDLE = Duration.ofSeconds(10);
    static final int PROBE_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(InboxWritability.class);
    /** A commit refreshes the state at most this often: the intake's writer reports every commit. */
    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final byte[] PROBE_ROW = new byte[PROBE_BYTES];

    /** What the last commit, or probe, showed, and when ({@link System#nanoTime()}). */
    record State(boolean writable, long atNanos, String error) {}

    private final InboxRepository repository;
    private final TransactionTemplate transaction;
    private final InboxWriteGate gate;
    private volatile State state;
    private ScheduledExecutorService prober;

    InboxWritability(InboxRepository repository, PlatformTransactionManager transactions, InboxWriteGate gate) {
        this.repository = repository;
        this.gate = gate;
        this.transaction = new TransactionTemplate(transactions);
        // a database that stops answering fails the probe instead of holding it
        this.transaction.setTimeout(5);
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the probe records its own failures; stop() ends it
    void start() {
        prober = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "inbox-write-probe");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probeIfDue, 0, RECHECK_WHILE_UNWRITABLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }

    /** What is known now; probes first when nothing is known yet. */
    State current() {
        State known = state;
        return known != null ? known : probe();
    }

    /** The intake committed. */
    void committed() {
        State known = state;
        long now = System.nanoTime();
        if (known == null || !known.writable() || now - known.atNanos() > REFRESH_NANOS) {
            keep(new State(true, now, null), null);
        }
    }

    /** The intake could not commit a request. */
    void commitFailed(RuntimeException failure) {
        keep(
                new State(
                        false,
                        System.nanoTime(),
                        NestedExceptionUtils.getMostSpecificCause(failure)
                                .getClass()
                                .getSimpleName()),
                null);
    }

    /** Inserts and deletes a probe row in one committed transaction, and records what that showed. */
    State probe() {
        try {
            gate.run(() -> transaction.executeWithoutResult(
                    status -> repository.probeWrite(PROBE_ROW, System.currentTimeMillis())));
            return keep(new State(true, System.nanoTime(), null), null);
        } catch (RuntimeException e) {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            return keep(new State(false, System.nanoTime(), cause.getClass().getSimpleName()), cause.getMessage());
        }
    }

    private void probeIfDue() {
        State known = state;
        if (known == null || !known.writable() || System.nanoTime() - known.atNanos() >= PROBE_WHEN_IDLE.toNanos()) {
            probe();
        }
    }

    /** Keeps {@code next} and logs a change: the reason of a failed probe, masked (the intake's route logs its own). */
    private State keep(State next, String probeMessage) {
        State previous = state;
        state = next;
        if (previous != null && previous.writable() && !next.writable()) {
            LOG.warn(
                    "The inbox cannot commit ({}{}): readiness is DOWN until a commit succeeds",
                    next.error(),
                    probeMessage == null ? "" : ": " + PersonalData.mask(probeMessage));
        } else if (previous != null && !previous.writable() && next.writable()) {
            LOG.info("The inbox commits again: readiness is UP");
        }
        return next;
    }
}
