package io.inbox.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Creates users on first sight, refreshes their profile from token claims, and serves profiles from a
 * cache so the message path never reads the user table.
 */
@ApplicationScoped
public class UserService {
    private static final int MAX_CACHED_PROFILES = 200_000;

    private final Map<Long, Profile> profiles = new ConcurrentHashMap<>();
    private UserRepository users;

    protected UserService() {
    }

    @Inject
    public UserService(UserRepository users) {
        this.users = users;
    }

    /**
     * Just-in-time provisioning at login: creates the user, or refreshes a changed name, username or
     * avatar (a user first created bare, as a participant id, takes them here). Unchanged profiles cost
     * no database access. Two first logins of one user at the same moment race on the insert; the loser
     * tries once more, and then finds the row.
     */
    public Profile provision(Profile claims) {
        if (claims.equals(profiles.get(claims.id()))) {
            return claims;
        }
        try {
            users.upsert(claims);
        } catch (RuntimeException raceOrOutage) {
            users.upsert(claims);
        }
        cache(claims);
        return claims;
    }

    /** Creates bare users for ids never seen before (conversation participants named by id). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensureExist(Collection<Long> ids) {
        Set<Long> unknown = ids.stream().filter(id -> !profiles.containsKey(id)).collect(Collectors.toSet());
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
        Map<Long, Profile> result = new HashMap<>();
        List<Long> missing = ids.stream().filter(id -> {
            Profile p = profiles.get(id);
            if (p != null) {
                result.put(id, p);
            }
            return p == null;
        }).distinct().toList();
        if (!missing.isEmpty()) {
            Map<Long, Profile> loaded = users.profiles(missing);
            loaded.values().forEach(this::cache);
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

    private void cache(Profile profile) {
        if (profiles.size() >= MAX_CACHED_PROFILES) {
            profiles.clear();
        }
        profiles.put(profile.id(), profile);
    }
}
