package io.inbox.user;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Storage of users. Methods join the caller's transaction. */
public interface UserRepository {

    Optional<User> find(long id);

    Map<Long, Profile> profiles(Collection<Long> ids);

    void add(User user);

    /**
     * Creates the user or refreshes its profile, in a transaction of its own. Returns whether an existing user's
     * stored profile changed (other instances may hold the old one); false for a new user or unchanged claims.
     */
    boolean upsert(Profile profile);

    /** Records when the user was last seen (their last connection closed). */
    void recordLastSeen(long userId, java.time.LocalDateTime at);

    /** When these users were last seen, for those who have been. */
    Map<Long, java.time.LocalDateTime> lastSeen(Collection<Long> ids);
}
