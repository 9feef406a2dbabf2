package io.inbox.presence;

import io.inbox.conversation.ConversationService;
import io.inbox.delivery.Delivery;
import io.inbox.platform.ServerExecutors;
import io.inbox.protocol.PresenceView;
import io.inbox.protocol.ServerEvent;
import io.inbox.user.UserService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Presence: a user is online while at least one connection is open (on any instance), away when none of
 * them sent a frame for {@code inbox.presence.away-after-seconds}, offline when the last one closed and no
 * new one opened within {@code inbox.presence.offline-grace-seconds} (no flapping on a reload or a quick
 * reconnect). Changes go only to users who share a conversation. Clients cannot set their status.
 *
 * <p>The {@link PresenceLedger} holds who is connected (this instance's memory, or the cluster's grid);
 * this service keeps what only this instance can see: when its connections of a user last sent a frame,
 * and the grace timers of the last connections that closed here.
 */
@ApplicationScoped
public class PresenceService {
    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());

    private Delivery delivery;
    private ConversationService conversations;
    private TypingService typing;
    private UserService users;
    private PresenceLedger ledger;
    private ScheduledExecutorService scheduler;
    private int awayAfterSeconds;
    private int offlineGraceSeconds;

    protected PresenceService() {
    }

    /**
     * @param awayAfterSeconds    a user whose connections sent no frame for this long is away
     * @param offlineGraceSeconds a user whose last connection closed is offline after this long without a new one
     */
    @Inject
    public PresenceService(Delivery delivery, ConversationService conversations, TypingService typing, UserService users,
                           PresenceLedger ledger, ServerExecutors executors,
                           @ConfigProperty(name = "inbox.presence.away-after-seconds", defaultValue = "300") int awayAfterSeconds,
                           @ConfigProperty(name = "inbox.presence.offline-grace-seconds", defaultValue = "5") int offlineGraceSeconds) {
        this.delivery = delivery;
        this.conversations = conversations;
        this.typing = typing;
        this.users = users;
        this.ledger = ledger;
        this.scheduler = executors.scheduler();
        this.awayAfterSeconds = awayAfterSeconds;
        this.offlineGraceSeconds = offlineGraceSeconds;
    }

    /** This instance's view of its users: open connections here, last frame, idle flag. */
    private final Map<Long, Here> here = new ConcurrentHashMap<>();
    private final Map<Long, ScheduledFuture<?>> graceTimers = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;

    private static final class Here {
        int connections;
        volatile long lastActivityNanos = System.nanoTime();
        volatile boolean idle;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        start();
    }

    /** Listens to the ledger and starts the idle sweep (at startup). */
    public void start() {
        ledger.onChange(this::broadcastChange);
        long period = Math.max(1, Math.min(awayAfterSeconds / 4, 15));
        sweeper = scheduler.scheduleAtFixedRate(this::sweepIdle, period, period, TimeUnit.SECONDS);
    }

    @PreDestroy
    public void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        graceTimers.values().forEach(timer -> timer.cancel(false));
    }

    /**
     * A connection of the user opened: false (and nothing recorded) when the user already has
     * {@code maxConnections} open, on this instance and every other one.
     */
    public boolean connected(long userId, ConnectionInfo connection, int maxConnections) {
        PresenceLedger.Opened opened = ledger.open(userId, connection, maxConnections);
        if (!opened.accepted()) {
            return false;
        }
        ScheduledFuture<?> grace = graceTimers.remove(userId);
        if (grace != null) {
            grace.cancel(false);
        }
        here.compute(userId, (id, h) -> {
            Here local = h == null ? new Here() : h;
            local.connections++;
            local.lastActivityNanos = System.nanoTime();
            local.idle = false;
            return local;
        });
        broadcastChange(opened.changed());
        return true;
    }

    /** A frame arrived from one of the user's connections here. */
    public void activity(long userId) {
        Here local = here.get(userId);
        if (local == null) {
            return;
        }
        local.lastActivityNanos = System.nanoTime();
        if (local.idle) {
            local.idle = false;
            try {
                broadcastChange(ledger.idle(userId, false));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Presence of user " + userId + " not updated", e);
            }
        }
    }

    /** A connection of the user closed; the user's last one anywhere starts the offline grace period. */
    public void disconnected(long userId, String connectionId) {
        boolean[] lastHere = {false};
        here.computeIfPresent(userId, (id, h) -> {
            h.connections--;
            lastHere[0] = h.connections <= 0;
            return lastHere[0] ? null : h;
        });
        if (lastHere[0]) {
            typing.userGone(userId); // the indicators this instance forwards for the user stop
        }
        Instant now = now();
        boolean last;
        try {
            last = ledger.close(userId, connectionId, now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of user " + userId + " not updated on close", e);
            return;
        }
        if (last) {
            graceTimers.put(userId, scheduler.schedule(() -> settle(userId), offlineGraceSeconds, TimeUnit.SECONDS));
            try {
                users.recordLastSeen(userId, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Last seen time of user " + userId + " not stored", e);
            }
        }
    }

    /** The user's open connections on every instance. */
    public List<ConnectionInfo> connectionsOf(long userId) {
        return ledger.connections(userId);
    }

    /**
     * The presence of these users; users who are not connected anywhere are offline, with the last-seen
     * time stored at their last disconnect.
     */
    public List<PresenceView> of(Collection<Long> userIds) {
        Map<Long, PresenceView> known = ledger.find(userIds);
        List<Long> unknown = userIds.stream().filter(id -> !known.containsKey(id)).toList();
        Map<Long, Instant> stored = unknown.isEmpty() ? Map.of() : users.lastSeen(unknown);
        return userIds.stream().map(id -> known.containsKey(id) ? known.get(id)
                : new PresenceView(id, PresenceView.OFFLINE, stored.get(id))).toList();
    }

    private void settle(long userId) {
        graceTimers.remove(userId);
        try {
            broadcastChange(ledger.settle(userId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of user " + userId + " not settled", e);
        }
    }

    private void sweepIdle() {
        try {
            long idleSince = System.nanoTime() - TimeUnit.SECONDS.toNanos(awayAfterSeconds);
            for (Map.Entry<Long, Here> entry : here.entrySet()) {
                Here local = entry.getValue();
                if (!local.idle && local.lastActivityNanos - idleSince < 0) {
                    local.idle = true;
                    broadcastChange(ledger.idle(entry.getKey(), true));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence sweep failed", e); // the next sweep runs anyway
        }
    }

    private void broadcastChange(PresenceView changed) {
        if (changed == null) {
            return;
        }
        try {
            delivery.toUsers(conversations.contacts(changed.userId()), new ServerEvent.Presence(changed));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of user " + changed.userId() + " could not be sent", e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
