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
        InboxWriteGate gate = new InboxWriteGate(sqlite);
        AtomicInteger intakeCommits = new AtomicInteger();
        AtomicBoolean bursting = new AtomicBoolean(true);
        Thread intake = new Thread(() -> {
            try (Connection connection = sqlite.getConnection()) {
                while (bursting.get()) {
                    gate.run(() -> {
                        insert(connection, "intake");
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
            gate.run(() -> insert(dispatcher, "dispatcher"));
        }
        int during = intakeCommits.get() - before;
        bursting.set(false);
        intake.join();

        // the commit under way when it asked, and the odd one that took the lock before it queued; without the
        // gate, dozens to thousands
        assertThat(during).isLessThanOrEqualTo(4);
    }

    /** One transaction, as Spring runs it: the driver begins (IMMEDIATE: takes the write lock), inserts, commits. */
    private static void insert(Connection connection, String writer) {
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO rows VALUES ('" + writer + "')");
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
