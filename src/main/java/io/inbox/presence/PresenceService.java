package io.inbox.presence;

import io.inbox.conversation.ConversationService;
import io.inbox.delivery.Delivery;
import io.inbox.protocol.PresenceView;
import io.inbox.protocol.ServerEvent;
import io.inbox.user.UserService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Presence on this instance: a user is online while at least one connection is open, away when none of
 * them sent a frame for {@code inbox.presence.away-after-seconds}, offline when the last one closed and no
 * new one opened within {@code inbox.presence.offline-grace-seconds} (no flapping on a reload or a quick
 * reconnect). Changes go only to users who share a conversation. Clients cannot set their status.
 */
@ApplicationScoped
public class PresenceService {
    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());

    @Inject
    Delivery delivery;
    @Inject
    ConversationService conversations;
    @Inject
    TypingService typing;
    @Inject
    UserService users;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;
    @Inject
    @ConfigProperty(name = "inbox.presence.away-after-seconds", defaultValue = "300")
    int awayAfterSeconds;
    @Inject
    @ConfigProperty(name = "inbox.presence.offline-grace-seconds", defaultValue = "5")
    int offlineGraceSeconds;

    private final Map<Long, UserPresence> presence = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;

    private static final class UserPresence {
        int connections;
        String status = PresenceView.OFFLINE;
        volatile long lastActivityNanos = System.nanoTime();
        Instant lastSeenAt;
        ScheduledFuture<?> offlineTimer;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long period = Math.max(1, Math.min(awayAfterSeconds / 4, 15));
        sweeper = scheduler.scheduleAtFixedRate(this::sweepIdle, period, period, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** A connection of the user opened. */
    public void connected(long userId) {
        boolean changed = update(userId, p -> {
            p.connections++;
            p.lastActivityNanos = System.nanoTime();
            p.lastSeenAt = now();
            if (p.offlineTimer != null) {
                p.offlineTimer.cancel(false);
                p.offlineTimer = null;
            }
            return setStatus(p, PresenceView.ONLINE);
        });
        if (changed) {
            broadcast(userId);
        }
    }

    /** A frame arrived from one of the user's connections. */
    public void activity(long userId) {
        UserPresence p = presence.get(userId);
        if (p == null) {
            return;
        }
        p.lastActivityNanos = System.nanoTime();
        if (PresenceView.AWAY.equals(p.status) && update(userId, q -> setStatus(q, PresenceView.ONLINE))) {
            broadcast(userId);
        }
    }

    /** A connection of the user closed; the last one starts the offline grace period. */
    public void disconnected(long userId) {
        boolean last = update(userId, p -> {
            p.connections = Math.max(0, p.connections - 1);
            p.lastSeenAt = now();
            if (p.connections == 0) {
                p.offlineTimer = scheduler.schedule(() -> goOffline(userId), offlineGraceSeconds, TimeUnit.SECONDS);
                return true;
            }
            return false;
        });
        if (last) {
            typing.userGone(userId);
            try {
                users.recordLastSeen(userId, view(userId).lastSeenAt());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Last seen time of user " + userId + " not stored", e);
            }
        }
    }

    /**
     * The presence of these users as this instance knows it; users it has not seen since it started are
     * offline, with the last-seen time stored at their last disconnect.
     */
    public List<PresenceView> of(Collection<Long> userIds) {
        List<Long> unknown = userIds.stream().filter(id -> !presence.containsKey(id)).toList();
        Map<Long, Instant> stored = unknown.isEmpty() ? Map.of() : users.lastSeen(unknown);
        return userIds.stream().map(id -> presence.containsKey(id) ? view(id)
                : new PresenceView(id, PresenceView.OFFLINE, stored.get(id))).toList();
    }

    private void goOffline(long userId) {
        if (update(userId, p -> p.connections == 0 && setStatus(p, PresenceView.OFFLINE))) {
            broadcast(userId);
        }
    }

    private void sweepIdle() {
        try {
            long idleSince = System.nanoTime() - TimeUnit.SECONDS.toNanos(awayAfterSeconds);
            for (Map.Entry<Long, UserPresence> entry : presence.entrySet()) {
                UserPresence p = entry.getValue();
                if (PresenceView.ONLINE.equals(p.status) && p.lastActivityNanos - idleSince < 0
                        && update(entry.getKey(), q -> q.connections > 0 && setStatus(q, PresenceView.AWAY))) {
                    broadcast(entry.getKey());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence sweep failed", e); // the next sweep runs anyway
        }
    }

    private PresenceView view(long userId) {
        UserPresence p = presence.get(userId);
        if (p == null) {
            return new PresenceView(userId, PresenceView.OFFLINE, null);
        }
        synchronized (p) {
            return new PresenceView(userId, p.status, p.lastSeenAt);
        }
    }

    private void broadcast(long userId) {
        try {
            delivery.toUsers(conversations.contacts(userId), new ServerEvent.Presence(view(userId)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of user " + userId + " could not be sent", e);
        }
    }

    private boolean update(long userId, java.util.function.Predicate<UserPresence> change) {
        UserPresence p = presence.computeIfAbsent(userId, id -> new UserPresence());
        synchronized (p) {
            return change.test(p);
        }
    }

    private static boolean setStatus(UserPresence p, String status) {
        if (status.equals(p.status)) {
            return false;
        }
        p.status = status;
        return true;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
