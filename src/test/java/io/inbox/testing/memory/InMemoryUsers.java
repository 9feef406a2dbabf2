package io.inbox.testing.memory;

import io.inbox.user.Profile;
import io.inbox.user.User;
import io.inbox.user.UserRepository;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Users in memory; counts the writes a login makes. Thread-safe. */
public final class InMemoryUsers implements UserRepository {
    private final Map<Long, Profile> profiles = new ConcurrentHashMap<>();
    private final Map<Long, LocalDateTime> lastSeen = new ConcurrentHashMap<>();
    /** Profile writes (first logins and changed profiles). */
    public final AtomicInteger upserts = new AtomicInteger();
    /** Profile reads (the caches' misses). */
    public final AtomicInteger reads = new AtomicInteger();

    @Override
    public Optional<User> find(long id) {
        Profile p = profiles.get(id);
        return p == null ? Optional.empty() : Optional.of(new User(id, p.username(), p.name(), p.avatar(), LocalDateTime.now()));
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> ids) {
        reads.incrementAndGet();
        Map<Long, Profile> result = new HashMap<>();
        ids.forEach(id -> {
            Profile p = profiles.get(id);
            if (p != null) {
                result.put(id, p);
            }
        });
        return result;
    }

    @Override
    public void add(User user) {
        profiles.putIfAbsent(user.id(), user.profile());
    }

    @Override
    public boolean upsert(Profile profile) {
        upserts.incrementAndGet();
        Profile before = profiles.put(profile.id(), profile);
        return before != null && !before.equals(profile);
    }

    @Override
    public void recordLastSeen(long userId, LocalDateTime at) {
        lastSeen.put(userId, at);
    }

    @Override
    public Map<Long, LocalDateTime> lastSeen(Collection<Long> ids) {
        Map<Long, LocalDateTime> result = new HashMap<>();
        ids.forEach(id -> {
            LocalDateTime at = lastSeen.get(id);
            if (at != null) {
                result.put(id, at);
            }
        });
        return result;
    }
}
