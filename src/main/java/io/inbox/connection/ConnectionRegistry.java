package io.inbox.connection;

import io.inbox.delivery.LocalConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** This instance's open connections by user. Delivery reads it; the endpoints add and remove. */
@ApplicationScoped
public class ConnectionRegistry implements LocalConnections {
    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();

    void add(Connection connection) {
        byUser.computeIfAbsent(connection.userId(), id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(Connection connection) {
        byUser.computeIfPresent(connection.userId(), (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** The user's open connections on this instance. */
    public List<Connection> of(long userId) {
        Set<Connection> set = byUser.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Number of open connections on this instance. */
    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void deliver(Collection<Long> userIds, Long conversationId, String frame) {
        for (Long userId : userIds) {
            Set<Connection> set = byUser.get(userId);
            if (set != null) {
                for (Connection connection : set) {
                    if (connection.accepts(conversationId)) {
                        connection.send(frame);
                    }
                }
            }
        }
    }
}
