package io.inbox.cluster;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import io.inbox.conversation.ConversationDirectory;
import io.inbox.conversation.MessageLog;
import io.inbox.conversation.MessageRepository;
import io.inbox.delivery.Fanout;
import io.inbox.delivery.LocalConnections;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.ServerEvent;
import io.inbox.user.ProfileBroadcast;
import io.inbox.user.UserService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivery in a cluster. Every routed frame goes to this instance's connections at once and, batched by a
 * publisher thread, to every other instance over one grid topic; frames from the topic go to this
 * instance's connections. Messages (from here and from the topic) pass through a {@link MessageSequencer}
 * first, so each connection gets them in id order, once, with no gap: a gap the grid left is repaired
 * from the database after {@code inbox.cluster.gap-timeout-millis}, and if even that fails for
 * {@code inbox.cluster.gap-give-up-seconds}, this instance's clients are closed with 1013 to sync.
 * Created by {@link ClusterWiring} only when clustering is on (no container annotations: see {@link HazelcastGrid}).
 */
public class ClusterFanout implements Fanout, ProfileBroadcast {
    private static final Logger LOG = Logger.getLogger(ClusterFanout.class.getName());
    static final String TOPIC = "inbox.frames";
    private static final int MAX_ITEMS_PER_ENVELOPE = 500;
    private static final int REPAIR_PAGE = 500;

    /**
     * How long a missing message may hold up the ones after it before it is read from the database; how long
     * an unrepairable gap may last before this instance's clients are closed with 1013 to sync; most messages
     * held behind a gap (more start the repair at once); frames waiting to be published to the grid (when
     * full, a frame reaches this instance only: messages are then repaired elsewhere).
     */
    record Settings(long gapTimeoutMillis, long giveUpSeconds, int maxHeld, int publishQueueCapacity) {
    }

    private final HazelcastGrid grid;
    private final LocalConnections connections;
    private final MessageRepository messages;
    private final MessageLog log;
    private final ConversationDirectory directory;
    private final FrameCodec codec;
    private final UserService users;
    private final ThreadFactory threads;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;

    private ITopic<String> topic;
    private UUID listener;
    private MessageSequencer sequencer;
    private BlockingQueue<Envelopes.Item> outgoing;
    private Thread publisher;
    private volatile boolean running;
    private ScheduledFuture<?> gapCheck;
    private final AtomicLong droppedOutgoing = new AtomicLong();

    ClusterFanout(HazelcastGrid grid, LocalConnections connections, MessageRepository messages, MessageLog log,
                  ConversationDirectory directory, FrameCodec codec, UserService users, ThreadFactory threads,
                  ScheduledExecutorService scheduler, Settings settings) {
        this.grid = grid;
        this.connections = connections;
        this.messages = messages;
        this.log = log;
        this.directory = directory;
        this.codec = codec;
        this.users = users;
        this.threads = threads;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** Joins the grid topic and starts the publisher and the gap check. */
    void start() {
        long gapTimeoutMillis = settings.gapTimeoutMillis();
        sequencer = new MessageSequencer(messages.lastCommittedId(), TimeUnit.MILLISECONDS.toNanos(gapTimeoutMillis),
                TimeUnit.SECONDS.toNanos(settings.giveUpSeconds()), settings.maxHeld(),
                m -> connections.deliver(m.userIds(), m.conversationId(), m.messageId(), m.frame()));
        outgoing = new ArrayBlockingQueue<>(settings.publishQueueCapacity());
        topic = grid.instance().getTopic(TOPIC);
        listener = topic.addMessageListener(this::received);
        running = true;
        publisher = threads.newThread(this::publish);
        publisher.setName("inbox-grid-publisher");
        publisher.start();
        long period = Math.max(50, gapTimeoutMillis / 2);
        gapCheck = scheduler.scheduleWithFixedDelay(this::checkGaps, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        running = false;
        if (gapCheck != null) {
            gapCheck.cancel(false);
        }
        if (publisher == null) {
            return;
        }
        publisher.interrupt();
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Grid listener not removed (the grid is stopping)", e);
        }
    }

    @Override
    public void message(long messageId, long conversationId, Collection<Long> userIds, String frame) {
        MessageSequencer.Routed routed = new MessageSequencer.Routed(messageId, conversationId, userIds, frame);
        sequencer.offer(routed, System.nanoTime());
        enqueue(routed);
    }

    @Override
    public void event(Collection<Long> userIds, Long conversationId, String frame) {
        connections.deliver(userIds, conversationId, null, frame);
        enqueue(new Envelopes.Event(conversationId, userIds, frame));
    }

    @Override
    public int disconnect(long userId, String reason) {
        enqueue(new Envelopes.Disconnect(userId, reason));
        return connections.disconnect(userId, reason);
    }

    /** Other instances drop their cached copy of the profile (in envelope order: before what this instance sends next). */
    @Override
    public void changed(long userId) {
        enqueue(new Envelopes.ProfileChanged(userId));
    }

    @Override
    public long deliveredUpTo() {
        return sequencer.deliveredUpTo();
    }

    private void enqueue(Envelopes.Item item) {
        if (!outgoing.offer(item)) {
            droppedOutgoing.incrementAndGet();
            LOG.warning(() -> "Grid publish queue full: a frame reached this instance only (" + droppedOutgoing.get()
                    + " so far); other instances repair missed messages from the database");
        }
    }

    /** The publisher thread: everything queued meanwhile goes out as one envelope, in order. */
    private void publish() {
        List<Envelopes.Item> batch = new ArrayList<>();
        while (running || !outgoing.isEmpty()) {
            try {
                Envelopes.Item first = outgoing.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outgoing.drainTo(batch, MAX_ITEMS_PER_ENVELOPE - 1);
                topic.publish(Envelopes.encode(batch));
            } catch (InterruptedException e) {
                if (!running) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                // at-most-once: other instances repair the messages from the database; signals are lost
                LOG.log(Level.WARNING, "Publishing " + batch.size() + " frames to the grid failed", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** A grid listener thread: another instance's frames. */
    private void received(Message<String> message) {
        if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
            return; // delivered here already
        }
        try {
            long now = System.nanoTime();
            for (Envelopes.Item item : Envelopes.decode(message.getMessageObject())) {
                if (item instanceof MessageSequencer.Routed routed) {
                    sequencer.offer(routed, now);
                } else if (item instanceof Envelopes.Event event) {
                    connections.deliver(event.userIds(), event.conversationId(), null, event.frame());
                } else if (item instanceof Envelopes.Disconnect disconnect) {
                    connections.disconnect(disconnect.userId(), disconnect.reason());
                } else if (item instanceof Envelopes.ProfileChanged changed) {
                    users.forget(changed.userId());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Frames from the grid could not be delivered", e);
        }
    }

    /** On a timer: notices a gap that lasted too long and repairs it from the database. */
    private void checkGaps() {
        long now = System.nanoTime();
        MessageSequencer.Gap gap;
        try {
            gap = sequencer.check(messages.lastCommittedId(), now);
        } catch (RuntimeException e) {
            gap = sequencer.check(0, now); // the database is unreachable: held messages may still wait too long
        }
        if (gap == null) {
            return;
        }
        MessageSequencer.Gap missing = gap;
        try {
            List<MessageSequencer.Routed> found = new ArrayList<>();
            long from = missing.after();
            while (true) {
                List<io.inbox.conversation.Message> page = messages.range(from, missing.upTo(), REPAIR_PAGE);
                for (io.inbox.conversation.Message m : page) {
                    found.add(new MessageSequencer.Routed(m.id(), m.conversationId(), directory.participants(m.conversationId()),
                            codec.encode(new ServerEvent.MessagePosted(log.view(m)))));
                    from = m.id();
                }
                if (page.size() < REPAIR_PAGE) {
                    break;
                }
            }
            sequencer.repaired(missing, found, System.nanoTime());
            LOG.info(() -> "Messages " + (missing.after() + 1) + ".." + missing.upTo()
                    + " did not arrive over the grid in time; delivered from the database (" + found.size() + " found)");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Repairing messages " + (missing.after() + 1) + ".." + missing.upTo() + " failed", e);
            if (sequencer.giveUp(missing, System.nanoTime())) {
                LOG.warning(() -> "Messages " + (missing.after() + 1) + ".." + missing.upTo() + " could not be delivered;"
                        + " closing this instance's connections with 1013 so that clients sync");
                connections.requireSync("missed messages: reconnect and sync");
            }
        }
    }
}
