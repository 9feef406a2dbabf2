package io.inbox.user;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Storage of users. Methods join the caller's transaction. */
public interface UserRepository {

    Optional<User> find(long id);

    Map<Long, Profile> profiles(Collection<Long> ids);

    void add(User user);

    /** Creates the user or refreshes its profile, in a transaction of its own. */
    void upsert(Profile profile);
}
