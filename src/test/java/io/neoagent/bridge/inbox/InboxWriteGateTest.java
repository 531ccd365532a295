package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

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
        try (Connection setup = sqlite.getConnection();
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE rows (writer TEXT)");
        }
        InboxWriteGate gate = new InboxWriteGate(new InboxDatabase(sqlite));
        AtomicInteger intakeCommits = new AtomicInteger();
        AtomicBoolean bursting = new AtomicBoolean(true);
        AtomicInteger before = new AtomicInteger();
        AtomicInteger atItsTurn = new AtomicInteger();
        Thread dispatcher = new Thread(
                () -> {
                    try (Connection connection = sqlite.getConnection()) {
                        before.set(intakeCommits.get());
                        gate.run(() -> {
                            atItsTurn.set(intakeCommits.get());
                            insert(connection, "dispatcher", () -> {});
                        });
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                "dispatcher");
        AtomicBoolean dispatcherQueued = new AtomicBoolean();
        Thread intake = new Thread(
                () -> {
                    try (Connection connection = sqlite.getConnection()) {
                        while (bursting.get()) {
                            // back to back, each commit holding SQLite's lock; one of them holds it until the
                            // dispatcher
                            // waits for its turn, as a commit under way (an fsync) would when the dispatcher asks
                            gate.run(() -> {
                                insert(connection, "intake", () -> {
                                    if (intakeCommits.get() == 5 && dispatcherQueued.compareAndSet(false, true)) {
                                        dispatcher.start();
                                        await().atMost(Duration.ofSeconds(10))
                                                .until(() -> dispatcher.getState() == Thread.State.WAITING);
                                    }
                                });
                                intakeCommits.incrementAndGet();
                            });
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                "intake");
        intake.start();
        dispatcher.join(Duration.ofSeconds(30).toMillis());
        bursting.set(false);
        intake.join();

        assertThat(dispatcher.isAlive())
                .as("dispatcher still waiting for its turn")
                .isFalse();
        // the commit under way when it asked, at most: without the gate (or with an unfair one) the intake
        // takes the lock again and again, and the dispatcher waits through hundreds of commits or gives up
        // after SQLite's busy timeout
        assertThat(atItsTurn.get() - before.get()).isLessThanOrEqualTo(1);
    }

    /**
     * One transaction, as Spring runs it: the driver begins (IMMEDIATE: takes the write lock), inserts, runs
     * {@code beforeCommit} while holding the lock, commits.
     */
    private static void insert(Connection connection, String writer, Runnable beforeCommit) {
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO rows VALUES ('" + writer + "')");
            beforeCommit.run();
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
