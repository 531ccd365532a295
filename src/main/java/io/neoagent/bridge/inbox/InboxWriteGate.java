package io.neoagent.bridge.inbox;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Lets the inbox's writers take turns at a SQLite inbox. SQLite admits one writer at a time and makes the
 * others retry until their busy timeout; the intake's writer commits back to back during a burst, so the
 * dispatcher's claims and outcomes lost almost every retry and waited for the whole burst (measured: no lead
 * went out until the last of 1,000 was stored). A fair lock in front of every write gives each writer its
 * turn in arrival order. PostgreSQL's writers do not exclude each other: there the gate stays open.
 */
@Component
public class InboxWriteGate {

    private final ReentrantLock lock;

    public InboxWriteGate(InboxDatabase database) {
        this.lock = database.isSqlite() ? new ReentrantLock(true) : null;
    }

    /** Runs {@code write} (one transaction, or one statement) when it is this writer's turn. */
    public <T> T write(Supplier<T> write) {
        if (lock == null) {
            return write.get();
        }
        lock.lock();
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    /** {@link #write(Supplier)} for work without a result. */
    public void run(Runnable write) {
        write(() -> {
            write.run();
            return null;
        });
    }
}
