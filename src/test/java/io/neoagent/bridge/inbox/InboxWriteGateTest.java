package io.neoagent.bridge.inbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On SQLite the intake's writer commits back to back during a burst. SQLite makes a second writer poll for the
 * lock (its busy timeout), and a writer that commits back to back nearly always gets it first: without the gate
 * the dispatcher's claims waited for the end of a burst. With it, each writer gets its turn in order.
 */
class InboxWriteGateTest {

    @Test
    void shouldLetTheDispatcherWriteBetweenTwoIntakeCommitsOfABurst(@TempDir Path dir) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(10_000);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("inbox.db"));
        try (Connection setup = sqlite.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE rows (writer TEXT)");
        }
        InboxWriteGate gate = new InboxWriteGate(new InboxDatabase(sqlite));
        AtomicInteger intakeCommits = new AtomicInteger();
        AtomicBoolean bursting = new AtomicBoolean(true);
        Thread intake = new Thread(() -> {
            try (Connection connection = sqlite.getConnection()) {
                while (bursting.get()) {
                    // each commit holds SQLite's lock for 2 ms, as an fsync would: a burst holds it nearly always
                    gate.run(() -> {
                        insert(connection, "intake", 2);
                        intakeCommits.incrementAndGet();
                    });
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        intake.start();
        while (intakeCommits.get() < 5) {
            Thread.onSpinWait();
        }

        int before;
        try (Connection dispatcher = sqlite.getConnection()) {
            before = intakeCommits.get();
            gate.run(() -> insert(dispatcher, "dispatcher", 0));
        }
        int during = intakeCommits.get() - before;
        bursting.set(false);
        intake.join();

        // the commit under way when it asked, and any that started before it queued (this thread may be
        // descheduled between the two); without the gate it waits for SQLite's lock through hundreds of
        // commits, or gives up after the busy timeout
        assertThat(during).isLessThanOrEqualTo(10);
    }

    /** One transaction, as Spring runs it: the driver begins (IMMEDIATE: takes the write lock), inserts, commits. */
    private static void insert(Connection connection, String writer, long holdMillis) {
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO rows VALUES ('" + writer + "')");
            Thread.sleep(holdMillis);
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
