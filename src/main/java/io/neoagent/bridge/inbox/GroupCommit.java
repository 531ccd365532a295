package io.neoagent.bridge.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit: the work of every request that arrives while a commit is under way is written together in
 * the next transaction, by one writer thread, so a burst costs one durable commit (one fsync) per batch
 * instead of one per request, and writers never queue on the database's lock. Each caller waits for the
 * commit that holds its work, so nothing is acknowledged before it is durable.
 *
 * <p>When a batch's transaction fails, each piece of work of that batch is retried in a transaction of its
 * own, so one that cannot be stored fails alone and the others are not lost or refused.
 *
 * @param <T> one request's work
 * @param <R> its result
 */
final class GroupCommit<T, R> implements AutoCloseable {

    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Function<List<T>, List<R>> commitAll;
    private final int maxBatch;
    private final Thread writer;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param commitAll writes all the work it is given in one transaction and returns the results in the same
     *                  order, or throws (and rolls back) when the transaction fails
     * @param maxBatch  the most requests committed in one transaction
     */
    GroupCommit(String name, int maxBatch, Function<List<T>, List<R>> commitAll) {
        this.commitAll = commitAll;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::run, name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Requests waiting for their commit: queued for the next one, or in the one under way. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Queues the work for the next commit and waits until that commit is done, at most {@code timeout}; rethrows
     * its failure. After the timeout the caller is told the inbox is unavailable: work still queued is taken out
     * and never committed; work already in the commit under way may still be committed, which a retry of the
     * same request finds (the inbox stores an event once).
     */
    R submit(T work, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("the inbox is shutting down");
        }
        waiting.incrementAndGet();
        try {
            return queueAndWait(work, timeout);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private R queueAndWait(T work, Duration timeout) {
        Pending<T, R> pending = new Pending<>(work);
        queue.add(pending);
        if (closed && !writer.isAlive() && queue.remove(pending)) {
            // closed while this was being queued, after the writer's last look at the queue
            throw new IllegalStateException("the inbox is shutting down");
        }
        try {
            return pending.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            boolean neverCommitted = queue.remove(pending);
            throw new IllegalStateException("no inbox commit within " + timeout.toMillis() + " ms"
                    + (neverCommitted ? "" : " (the commit under way may still store it)"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the inbox commit", e);
        }
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                batch.forEach(pending -> pending.result.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<T, R>> batch) {
        try {
            List<R> results = commitAll.apply(batch.stream().map(Pending::work).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(results.get(i));
            }
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(batchFailure);
                return;
            }
            for (Pending<T, R> pending : batch) {
                try {
                    pending.result.complete(
                            commitAll.apply(List.of(pending.work())).get(0));
                } catch (RuntimeException failure) {
                    pending.result.completeExceptionally(failure);
                }
            }
        }
    }

    /** Stops taking work, commits what is queued, and stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending<T, R>(T work, CompletableFuture<R> result) {
        Pending(T work) {
            this(work, new CompletableFuture<>());
        }
    }
}
