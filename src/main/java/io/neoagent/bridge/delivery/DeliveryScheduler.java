package io.neoagent.bridge.delivery;

import io.neoagent.bridge.inbox.CommitListener;
import io.neoagent.bridge.logging.PersonalData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * When delivery passes run, and what one pass does. A pass claims due deliveries ({@link DeliveryDispatcher#claimDue}),
 * attempts each group (one delivery, or a batch) on the {@code delivery.threads} delivery threads through its
 * channel's route ({@link ChannelRoutes}), and records each outcome after its attempt. Passes run one at a time, on
 * one trigger thread, and do not wait for their attempts: a pass claims only while a delivery thread is free, so a
 * slow destination holds its own threads and never the deliveries of the others. Passes run:
 * <ul>
 *   <li>after each inbox commit ({@link CommitListener}): a burst of commits folds into one pass, the one queued
 *       while a pass runs;</li>
 *   <li>every {@code delivery.poll-interval}, for retries that fell due, restarts and expired leases;</li>
 *   <li>again straight away when a pass claimed as many as it may (more may be due) or some deliveries were given
 *       back unsent (due again now);</li>
 *   <li>when a batching channel's gathering window ends ({@code batch.gather}): until then that channel claims
 *       only full batches, so leads falling due a few milliseconds apart go in one call.</li>
 * </ul>
 *
 * <p>Stopping claims nothing new, lets the attempts under way finish (up to 15 s) and gives back the claims not yet
 * attempted; only then do the Camel routes the attempts call stop (see {@link #getPhase()}).
 */
@Component
class DeliveryScheduler implements SmartLifecycle, CommitListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);
    /** The first poll after start-up: deliveries left from before a restart go soon, not a poll interval later. */
    private static final long FIRST_POLL_MILLIS = 1000;

    private final DeliveryDispatcher dispatcher;
    private final ChannelRoutes channelRoutes;
    private final DeliveryProperties properties;
    /**
     * Looked up, not injected: Spring starts a lifecycle bean's dependencies with it, and starting the Camel context
     * here, before camel-spring-boot has loaded the route files into it, would leave it without routes.
     */
    private final ObjectProvider<CamelContext> camelContext;
    /** A wake-up is queued and its pass has not begun: further wake-ups fold into it. */
    private final AtomicBoolean passQueued = new AtomicBoolean();
    /** Delivery threads not attempting anything: a pass claims only while one is free, and waits for one per group. */
    private final Semaphore freeThreads;
    /**
     * When the pass scheduled for the end of a gathering window runs ({@link System#nanoTime}), or 0 when none is:
     * read and written on the trigger thread only.
     */
    private long windowPassAt;

    private volatile ScheduledExecutorService trigger;
    private volatile ExecutorService deliveryThreads;
    private volatile boolean running;

    DeliveryScheduler(
            DeliveryDispatcher dispatcher,
            ChannelRoutes channelRoutes,
            DeliveryProperties properties,
            ObjectProvider<CamelContext> camelContext) {
        this.dispatcher = dispatcher;
        this.channelRoutes = channelRoutes;
        this.properties = properties;
        this.camelContext = camelContext;
        this.freeThreads = new Semaphore(properties.threads());
    }

    /** Another pass as soon as the one under way (if any) ends; wake-ups meanwhile fold into that one. */
    @Override
    public void eventsCommitted() {
        wakeUp();
    }

    private void wakeUp() {
        ScheduledExecutorService executor = trigger;
        if (!running || executor == null || !passQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                passQueued.set(false);
                pass();
            });
        } catch (RejectedExecutionException stopping) {
            passQueued.set(false);
        }
    }

    /**
     * One pass: claims what is due while a delivery thread is free and hands each group to one; returns once every
     * group has its thread, not when the attempts end (each attempt's end wakes the next pass). Never throws, so
     * neither the poll nor the wake-ups stop after a failure (the inbox unreachable).
     */
    private void pass() {
        if (!running || freeThreads.availablePermits() == 0) {
            return;
        }
        List<List<DeliveryClaim>> groups = List.of();
        int handedOut = 0;
        try {
            DeliveryDispatcher.ClaimedDeliveries claimed = dispatcher.claimDue();
            groups = claimed.groups();
            for (List<DeliveryClaim> group : groups) {
                freeThreads.acquire();
                submit(group);
                handedOut++;
            }
            if (claimed.more()) {
                wakeUp();
            }
            if (claimed.windowEndsIn() != null) {
                passWhenTheWindowEnds(claimed.windowEndsIn());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Delivery pass failed ({}): the next pass tries again", PersonalData.mask(String.valueOf(e)));
        } finally {
            // stopping while groups waited for a thread: attempted here, which gives their claims back
            for (List<DeliveryClaim> group : groups.subList(Math.min(handedOut, groups.size()), groups.size())) {
                attemptLoggingFailures(group);
            }
        }
    }

    /**
     * A pass when a gathering window ends, unless one is scheduled for then or sooner already: a channel that gathers
     * claims nothing until then, and the trigger thread serves the other channels meanwhile. Runs on the trigger
     * thread.
     */
    private void passWhenTheWindowEnds(Duration in) {
        ScheduledExecutorService executor = trigger;
        long at = System.nanoTime() + in.toNanos();
        if (executor == null || (windowPassAt != 0 && windowPassAt - at <= 0)) {
            return;
        }
        windowPassAt = at;
        try {
            var unused = executor.schedule(
                    () -> {
                        if (windowPassAt == at) {
                            windowPassAt = 0;
                        }
                        pass();
                    },
                    in.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            windowPassAt = 0;
        }
    }

    /** Attempts a group on a delivery thread, whose permit it holds; when it ends, the next pass may claim. */
    private void submit(List<DeliveryClaim> group) {
        ExecutorService threads = deliveryThreads;
        try {
            if (threads == null) {
                throw new RejectedExecutionException("stopped");
            }
            threads.execute(() -> {
                boolean givenBack = false;
                try {
                    givenBack = attemptLoggingFailures(group);
                } finally {
                    freeThreads.release();
                }
                // a thread is free again, and deliveries given back unsent are due now
                if (givenBack || running) {
                    wakeUp();
                }
            });
        } catch (RejectedExecutionException stopping) {
            freeThreads.release();
            // the delivery threads are gone: attempted here, which gives the claims back (the dispatcher is stopping)
            attemptLoggingFailures(group);
        }
    }

    /** {@link #attempt}, logging what it throws: a record that failed is left to its lease. */
    private boolean attemptLoggingFailures(List<DeliveryClaim> group) {
        try {
            return attempt(group);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Delivery attempt failed unrecorded ({}): its lease runs out and it is attempted again",
                    PersonalData.mask(String.valueOf(e)));
            return false;
        }
    }

    /**
     * One group's attempt, then its outcomes recorded: recorded after the attempt, not inside it, so a record that
     * fails is tried again and a send that succeeded is never taken for a failed one and sent again.
     *
     * @return whether some deliveries were given back unsent and are due again now
     */
    private boolean attempt(List<DeliveryClaim> group) {
        if (group.size() == 1) {
            DeliveryClaim claim = group.get(0);
            DeliveryOutcome outcome;
            try {
                outcome = channelRoutes.deliver(claim, dispatcher.event(claim));
            } catch (Exception e) {
                outcome = DeliveryOutcome.failed(e);
            }
            return dispatcher.recordOutcomes(group, List.of(outcome));
        }
        List<?> outcomes;
        try {
            outcomes = channelRoutes.deliverBatch(group, dispatcher.events(group));
        } catch (Exception e) {
            outcomes = group.stream().map(claim -> DeliveryOutcome.failed(e)).toList();
        }
        return dispatcher.recordOutcomes(group, outcomes);
    }

    /**
     * Passes begin once Camel has started the routes they call. Spring calls this before: camel-spring-boot starts the
     * Camel context only on {@code ContextRefreshedEvent}, after every {@code SmartLifecycle} has started, and loads
     * the routes only while the context is still untouched. So nothing of Camel is used here; a Camel
     * {@link StartupListener} begins the passes.
     */
    @Override
    public void start() {
        running = true;
        try {
            camelContext.getObject().addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    if (alreadyStarted) {
                        beginPasses();
                    }
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    beginPasses();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not wait for Camel to start: " + e.getMessage(), e);
        }
    }

    private synchronized void beginPasses() {
        if (!running || trigger != null) {
            return;
        }
        ExecutorServiceManager executors = camelContext.getObject().getExecutorServiceManager();
        deliveryThreads = executors.newFixedThreadPool(this, "delivery", properties.threads());
        dispatcher.start();
        ScheduledExecutorService scheduled = executors.newSingleThreadScheduledExecutor(this, "delivery-trigger");
        // pass() catches and logs its own failures, so the poll never stops; stop() shuts the executor down
        var unused = scheduled.scheduleWithFixedDelay(
                this::pass, FIRST_POLL_MILLIS, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        trigger = scheduled;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (trigger == null) {
            return;
        }
        // claims nothing new, waits for the attempts under way; claims not yet attempted are given back
        dispatcher.stop();
        ExecutorServiceManager executors = camelContext.getObject().getExecutorServiceManager();
        executors.shutdownNow(trigger);
        executors.shutdownNow(deliveryThreads);
        trigger = null;
        deliveryThreads = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stopped before the Camel context. {@code SpringCamelContext} (camel-spring 4.17) is a {@code Lifecycle} of phase
     * {@code Integer.MAX_VALUE - 2049}, just below the web server's, and Spring stops higher phases first: in the highest
     * phase, the attempts under way finish while the routes they call are still there, and no pass runs once they
     * stop. (It is not started in its phase: see {@link #start()}.)
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
