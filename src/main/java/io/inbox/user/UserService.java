package io.inbox.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates users on first sight, refreshes their profile from token claims, and serves profiles from a bounded
 * cache so the message path never reads the user table. A profile that changes here is announced through the
 * {@link ProfileBroadcast}; one that changed on another instance is {@link #forget forgotten} here and read again.
 * Cached profiles also expire, which bounds how long a missed announcement can leave an old name in place.
 */
@ApplicationScoped
public class UserService {
    private UserRepository users;
    private ProfileBroadcast broadcast;
    private Cache<Long, Profile> profiles;
    /** Counts profile changes written or heard of; a read from the database that overlaps one is not cached. */
    private final AtomicLong changes = new AtomicLong();

    protected UserService() {
    }

    /**
     * @param maxProfiles         most profiles cached (least valuable evicted first)
     * @param expireAfterSeconds  a cached profile is read again this long after it was cached
     */
    @Inject
    public UserService(UserRepository users, ProfileBroadcast broadcast,
                       @ConfigProperty(name = "inbox.cache.profiles.max-users", defaultValue = "200000") long maxProfiles,
                       @ConfigProperty(name = "inbox.cache.profiles.expire-after-write-seconds", defaultValue = "600")
                       long expireAfterSeconds) {
        this.users = users;
        this.broadcast = broadcast;
        // no thread of its own: evictions run on the caller's thread (the container manages the threads)
        this.profiles = Caffeine.newBuilder().maximumSize(maxProfiles)
                .expireAfterWrite(Duration.ofSeconds(expireAfterSeconds)).executor(Runnable::run).build();
    }

    /**
     * Just-in-time provisioning at login: creates the user, or refreshes a changed name, username or
     * avatar (a user first created bare, as a participant id, takes them here). Unchanged profiles cost
     * no database access. Two first logins of one user at the same moment race on the insert; the loser
     * tries once more, and then finds the row. A stored profile that changed is announced to the other instances.
     */
    public Profile provision(Profile claims) {
        if (claims.equals(profiles.getIfPresent(claims.id()))) {
            return claims;
        }
        boolean changed;
        try {
            changed = users.upsert(claims);
        } catch (RuntimeException raceOrOutage) {
            changed = users.upsert(claims);
        }
        changes.incrementAndGet();
        profiles.put(claims.id(), claims);
        if (changed) {
            broadcast.changed(claims.id());
        }
        return claims;
    }

    /** The user's stored profile changed on another instance: the next read takes it from the database. */
    public void forget(long userId) {
        changes.incrementAndGet();
        profiles.invalidate(userId);
    }

    /** Creates bare users for ids never seen before (conversation participants named by id). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensureExist(Collection<Long> ids) {
        Set<Long> unknown = ids.stream().filter(id -> profiles.getIfPresent(id) == null).collect(Collectors.toSet());
        if (unknown.isEmpty()) {
            return;
        }
        Map<Long, Profile> known = users.profiles(unknown);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        for (long id : unknown) {
            if (!known.containsKey(id)) {
                users.add(new User(id, null, null, null, now));
            }
        }
    }

    /** Profiles for these ids, from the cache where possible; unknown ids get bare profiles. */
    public Map<Long, Profile> profiles(Collection<Long> ids) {
        Map<Long, Profile> result = new HashMap<>(profiles.getAllPresent(ids));
        List<Long> missing = ids.stream().filter(id -> !result.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            long changesBefore = changes.get();
            Map<Long, Profile> loaded = users.profiles(missing);
            remember(loaded, changesBefore);
            for (long id : missing) {
                result.put(id, loaded.getOrDefault(id, Profile.bare(id)));
            }
        }
        return result;
    }

    public Profile profile(long id) {
        return profiles(List.of(id)).get(id);
    }

    /** Stores when the user was last seen (presence survives restarts). */
    public void recordLastSeen(long userId, java.time.Instant at) {
        users.recordLastSeen(userId, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** When these users were last seen, as stored. */
    public Map<Long, java.time.Instant> lastSeen(Collection<Long> ids) {
        Map<Long, java.time.Instant> result = new HashMap<>();
        users.lastSeen(ids).forEach((id, at) -> result.put(id, at.toInstant(ZoneOffset.UTC)));
        return result;
    }

    /**
     * Caches profiles read from the database. If a change was written or heard of meanwhile, what was read may be
     * older than it: those entries are dropped again (the change itself increments the count before it updates or
     * drops its entry, so either this check sees it, or the change comes after the put and replaces it).
     */
    private void remember(Map<Long, Profile> loaded, long changesBefore) {
        profiles.putAll(loaded);
        if (changes.get() != changesBefore) {
            profiles.invalidateAll(loaded.keySet());
        }
    }
}
