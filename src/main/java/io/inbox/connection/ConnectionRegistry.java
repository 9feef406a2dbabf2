package io.inbox.connection;

import io.inbox.delivery.LocalConnections;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.protocol.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This instance's connections by user, from the handshake on (see {@link Connection}). Delivery reads it;
 * the connection lifecycle adds and removes.
 */
@ApplicationScoped
public class ConnectionRegistry implements LocalConnections {
    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private InboxMetrics metrics;

    protected ConnectionRegistry() {
    }

    @Inject
    public ConnectionRegistry(InboxMetrics metrics) {
        this.metrics = metrics;
    }

    /** Registers the connection (the per-user limit is checked at open, across all instances, by presence). */
    void add(Connection connection) {
        byUser.compute(connection.userId(), (id, set) -> {
            Set<Connection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            return connections;
        });
    }

    /** Every connection on this instance, opened or still in its handshake. */
    List<Connection> all() {
        return byUser.values().stream().flatMap(Set::stream).toList();
    }

    /** Every opened connection on this instance. */
    public List<Connection> open() {
        return byUser.values().stream().flatMap(Set::stream).filter(Connection::attached).toList();
    }

    /** Forgets the connection; true if it was registered (so each connection is counted out once). */
    boolean remove(Connection connection) {
        boolean[] removed = {false};
        byUser.computeIfPresent(connection.userId(), (id, set) -> {
            removed[0] = set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }

    /** Connections admitted at a handshake that the container never opened within the time (the client left). */
    List<Connection> unopenedFor(long time, TimeUnit unit) {
        return all().stream().filter(c -> !c.attached() && c.admittedAgo(unit) >= time).toList();
    }

    @Override
    public int disconnect(long userId, String reason) {
        Set<Connection> set = byUser.get(userId);
        if (set == null) {
            return 0;
        }
        List<Connection> closing = List.copyOf(set); // closed connections leave the set meanwhile
        closing.forEach(connection -> connection.close(CloseCode.UNAUTHORIZED, reason));
        return closing.size();
    }

    @Override
    public Map<String, Integer> countByEndpoint() {
        Map<String, Integer> counts = new TreeMap<>();
        open().forEach(connection -> counts.merge(connection.endpoint(), 1, Integer::sum));
        return counts;
    }

    @Override
    public long queuedFrames() {
        return all().stream().mapToLong(Connection::queued).sum();
    }

    @Override
    public long maxQueuedFrames() {
        return all().stream().mapToLong(Connection::queued).max().orElse(0);
    }

    @Override
    public void requireSync(String reason) {
        all().forEach(connection -> connection.close(CloseCode.TRY_AGAIN_LATER, reason));
    }

    @Override
    public void deliver(Collection<Long> userIds, Long conversationId, Long messageId, String frame) {
        int queued = 0;
        for (Long userId : userIds) {
            Set<Connection> set = byUser.get(userId);
            if (set != null) {
                for (Connection connection : set) {
                    if (connection.accepts(conversationId)) {
                        if (messageId == null) {
                            connection.deliverEvent(conversationId, frame);
                        } else {
                            connection.deliverMessage(messageId, frame);
                        }
                        queued++;
                    }
                }
            }
        }
        metrics.framesOut(frame, queued);
    }
}
