package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void shouldStopWaitingForACommitThatHangsAndNeverCommitWhatWasStillQueued() throws Exception {
        CountDownLatch commitStarted = new CountDownLatch(1);
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        List<String> committed = new CopyOnWriteArrayList<>();
        try (GroupCommit<String, String> writer = new GroupCommit<>("test-writer", 16, work -> {
            commitStarted.countDown();
            try {
                // the database stops answering in the middle of the first commit
                databaseAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            committed.addAll(work);
            return work;
        })) {
            CompletableFuture<String> first =
                    CompletableFuture.supplyAsync(() -> writer.submit("in the hanging commit", Duration.ofMillis(200)));
            assertThat(commitStarted.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> writer.submit("queued behind it", Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("no inbox commit within 200 ms");
            assertThatThrownBy(first::join)
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no inbox commit within 200 ms (the commit under way may still store it)");
            assertThat(writer.waiting()).isZero();

            databaseAnswers.countDown();
            await().untilAsserted(() -> assertThat(committed).containsExactly("in the hanging commit"));
            assertThat(writer.submit("after it answers again", Duration.ofSeconds(5)))
                    .isEqualTo("after it answers again");
            assertThat(committed).containsExactly("in the hanging commit", "after it answers again");
        }
    }
}
