package io.inbox.presence;

import io.inbox.protocol.PresenceView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of one instance, in memory. */
@ApplicationScoped
@Typed(LocalPresenceLedger.class)
public class LocalPresenceLedger implements PresenceLedger {

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final Map<String, ConnectionInfo> connections = new java.util.LinkedHashMap<>();
        String status = PresenceView.OFFLINE;
        boolean idle;
        Instant lastSeenAt;

        PresenceView view(long userId) {
            return new PresenceView(userId, status, lastSeenAt);
        }
    }

    private static final String INSTANCE = hostName();

    @Override
    public Opened open(long userId, ConnectionInfo connection, int maxConnections) {
        Opened[] result = {Opened.REFUSED};
        entries.compute(userId, (id, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            if (e.connections.size() >= maxConnections) {
                return existing;
            }
            e.connections.put(connection.connectionId(), connection.on(INSTANCE));
            e.idle = false;
            e.lastSeenAt = connection.since();
            result[0] = new Opened(true, change(e, userId, PresenceView.ONLINE));
            return e;
        });
        return result[0];
    }

    @Override
    public boolean close(long userId, String connectionId, Instant now) {
        boolean[] last = {false};
        entries.computeIfPresent(userId, (id, e) -> {
            if (e.connections.remove(connectionId) != null) {
                e.lastSeenAt = now;
                last[0] = e.connections.isEmpty();
            }
            return e;
        });
        return last[0];
    }

    @Override
    public PresenceView settle(long userId) {
        PresenceView[] changed = {null};
        entries.computeIfPresent(userId, (id, e) -> {
            if (!e.connections.isEmpty()) {
                return e;
            }
            changed[0] = change(e, userId, PresenceView.OFFLINE);
            return null; // offline users are not kept: their last-seen time is stored with the user
        });
        return changed[0];
    }

    @Override
    public PresenceView idle(long userId, boolean idle) {
        PresenceView[] changed = {null};
        entries.computeIfPresent(userId, (id, e) -> {
            e.idle = idle;
            if (!e.connections.isEmpty()) {
                changed[0] = change(e, userId, idle ? PresenceView.AWAY : PresenceView.ONLINE);
            }
            return e;
        });
        return changed[0];
    }

    @Override
    public java.util.List<ConnectionInfo> connections(long userId) {
        java.util.List<ConnectionInfo> found = new java.util.ArrayList<>();
        entries.computeIfPresent(userId, (id, e) -> {
            found.addAll(e.connections.values());
            return e;
        });
        return found;
    }

    @Override
    public Map<Long, PresenceView> find(Collection<Long> userIds) {
        Map<Long, PresenceView> found = new HashMap<>();
        for (Long userId : userIds) {
            entries.computeIfPresent(userId, (id, e) -> {
                found.put(id, e.view(id));
                return e;
            });
        }
        return found;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static PresenceView change(Entry e, long userId, String status) {
        if (status.equals(e.status)) {
            return null;
        }
        e.status = status;
        return e.view(userId);
    }
}
