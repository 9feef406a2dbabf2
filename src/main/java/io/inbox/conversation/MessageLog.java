package io.inbox.conversation;

import io.inbox.monitoring.InboxMetrics;
import io.inbox.platform.ServerExecutors;
import io.inbox.protocol.MessageView;
import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ordered message log of this instance: one writer thread takes every pending message, commits them
 * in batches (group commit: one transaction for all the messages that arrived while the previous batch
 * was committing), and only then fires {@link MessageCommitted} for each, in id order. So a message is
 * durable before anyone sees it, ids grow in commit order, and publication order equals id order.
 */
@ApplicationScoped
public class MessageLog {
    private static final Logger LOG = Logger.getLogger(MessageLog.class.getName());
    /** About 20 s of traffic at 5,000 messages/s; some 10 MB. */
    private static final int RECENT_CLIENT_IDS = 100_000;

    private MessageRepository messages;
    private UserService users;
    private Event<MessageCommitted> committed;
    private InboxMetrics metrics;
    private ThreadFactory threads;
    private int queueCapacity;
    private int maxBatch;

    /** (sender, client_id) of the messages this instance committed last; used by the writer thread only. */
    private final RecentClientIds recentClientIds = new RecentClientIds(RECENT_CLIENT_IDS);
    private final java.util.concurrent.atomic.AtomicInteger unfinished = new java.util.concurrent.atomic.AtomicInteger();
    private BlockingQueue<Pending> queue;
    /** Every message with an id up to this one has been handed to live delivery on this instance. */
    private volatile long lastPublishedId;
    private Thread writer;
    private volatile boolean running;

    protected MessageLog() {
    }

    /**
     * @param queueCapacity messages waiting for the writer; a full queue answers "storage unavailable" rather
     *                      than growing
     * @param maxBatch      most messages in one transaction
     */
    @Inject
    public MessageLog(MessageRepository messages, UserService users, Event<MessageCommitted> committed,
                      InboxMetrics metrics, ServerExecutors executors,
                      @ConfigProperty(name = "inbox.writer.queue-capacity", defaultValue = "20000") int queueCapacity,
                      @ConfigProperty(name = "inbox.writer.max-batch", defaultValue = "500") int maxBatch) {
        this.messages = messages;
        this.users = users;
        this.committed = committed;
        this.metrics = metrics;
        this.threads = executors.threads();
        this.queueCapacity = queueCapacity;
        this.maxBatch = maxBatch;
    }

    /** Starts the writer thread (the container calls it). */
    @PostConstruct
    public void start() {
        queue = new ArrayBlockingQueue<>(queueCapacity);
        lastPublishedId = messages.lastCommittedId(); // committed before this start: never delivered live again
        running = true;
        writer = threads.newThread(this::run);
        writer.setName("inbox-message-writer");
        writer.start();
    }

    /** Stops the writer after it committed what it holds (the container calls it). */
    @PreDestroy
    public void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.result.completeExceptionally(new StorageUnavailable("server shutting down", null)));
    }

    /**
     * Queues a message for the next batch. Completes with the stored message after its commit and after
     * {@link MessageCommitted} was fired, or exceptionally with {@link StorageUnavailable} (nothing stored).
     */
    public CompletionStage<Appended> append(NewMessage message) {
        Pending pending = new Pending(message, new CompletableFuture<>());
        unfinished.incrementAndGet();
        pending.result.whenComplete((stored, failure) -> unfinished.decrementAndGet());
        if (!running || !queue.offer(pending)) {
            pending.result.completeExceptionally(new StorageUnavailable("message queue full", null));
        }
        return pending.result;
    }

    /**
     * Waits until every message handed to {@link #append} so far is committed and published (or failed);
     * false when the deadline ({@link System#nanoTime()}) passed first.
     */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (unfinished.get() > 0) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    Thread.currentThread().interrupt();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Message writer failed; continuing", e);
                batch.forEach(p -> p.result.completeExceptionally(new StorageUnavailable("storage failure", e)));
            } finally {
                batch.clear();
            }
            if (Thread.currentThread().isInterrupted() && !running) {
                drainOnStop();
                return;
            }
        }
    }

    private void drainOnStop() {
        List<Pending> batch = new ArrayList<>();
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            Thread.interrupted();
            commit(batch);
        }
    }

    /** Commits one batch and publishes it (the writer thread; package-private for MessageLogTest). */
    void commit(List<Pending> batch) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        List<NewMessage> messagesOfBatch = batch.stream().map(Pending::message).toList();
        // Retries are rare, so a batch is written optimistically, without looking its client ids up, unless one
        // of them was committed here recently or the batch is a single message. A retry of an older message
        // fails the batch on the unique key, and the batch is then written again one message at a time with
        // the lookup.
        boolean lookUpRetries = batch.size() == 1 || messagesOfBatch.stream().anyMatch(recentClientIds::contains);
        List<Appended> stored;
        try {
            stored = messages.append(messagesOfBatch, now, lookUpRetries);
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // a retry of an older message, or a message that cannot be stored: one by one, with the lookup
                LOG.log(Level.FINE, "Batch of " + batch.size() + " messages failed; retrying one by one", e);
                batch.forEach(p -> commit(List.of(p)));
            } else {
                LOG.log(Level.WARNING, "Message could not be stored", e);
                batch.get(0).result.completeExceptionally(new StorageUnavailable("storage unavailable", e));
            }
            return;
        }
        metrics.messagesPersisted((int) stored.stream().filter(a -> !a.replay()).count());
        for (int i = 0; i < batch.size(); i++) {
            Appended appended = stored.get(i);
            if (!appended.replay()) {
                recentClientIds.add(messagesOfBatch.get(i));
            }
            publish(appended);
            batch.get(i).result.complete(appended);
        }
    }

    private void publish(Appended appended) {
        try {
            committed.fire(new MessageCommitted(view(appended.message()), appended.replay()));
        } catch (RuntimeException e) {
            // the message is stored; a client that misses it recovers it with sync or history
            LOG.log(Level.SEVERE, "Publishing message " + appended.message().id() + " failed", e);
        }
        if (!appended.replay()) {
            lastPublishedId = Math.max(lastPublishedId, appended.message().id());
        }
    }

    /**
     * The highest message id whose live delivery on this instance is done. A replay (sync) reads up to it:
     * a message committed but not yet published is left to live delivery, or it would arrive twice.
     */
    public long lastPublishedId() {
        return lastPublishedId;
    }

    /** The message object for a stored message. */
    public MessageView view(Message m) {
        Profile sender = users.profile(m.senderId());
        return new MessageView(m.id(), m.conversationId(), m.senderId(), sender.displayName(), sender.avatar(),
                m.body(), m.createdAt().toInstant(ZoneOffset.UTC), m.clientId(),
                m.editedAt() == null ? null : m.editedAt().toInstant(ZoneOffset.UTC));
    }

    record Pending(NewMessage message, CompletableFuture<Appended> result) {
    }
}
