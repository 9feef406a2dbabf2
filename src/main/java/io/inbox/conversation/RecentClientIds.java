package io.inbox.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (sender, client_id) pairs of the last {@code capacity} messages committed, oldest forgotten first. Not
 * thread-safe: owned by the message writer. A hit means "this may be a retry: look it up"; a miss proves
 * nothing (the unique key in the database does).
 */
final class RecentClientIds {
    private final Map<Key, Boolean> keys;

    RecentClientIds(int capacity) {
        this.keys = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean contains(NewMessage message) {
        return message.clientId() != null && keys.containsKey(new Key(message.senderId(), message.clientId()));
    }

    void add(NewMessage message) {
        if (message.clientId() != null) {
            keys.put(new Key(message.senderId(), message.clientId()), Boolean.TRUE);
        }
    }

    private record Key(long senderId, String clientId) {
    }
}
