package io.inbox.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.memory.InMemoryUsers;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserServiceTest {
    private static final ProfileBroadcast NOBODY = userId -> { };

    @Test
    void keepsNoMoreProfilesThanItsBound() {
        InMemoryUsers store = new InMemoryUsers();
        for (long id = 1; id <= 1000; id++) {
            store.upsert(new Profile(id, "user" + id, "User " + id, null));
        }
        UserService users = new UserService(store, NOBODY, 10, 600);
        for (long id = 1; id <= 1000; id++) {
            users.profile(id);
        }
        int readsBefore = store.reads.get();
        for (long id = 1; id <= 1000; id++) {
            users.profile(id);
        }
        assertTrue(store.reads.get() - readsBefore >= 990, "at most 10 of 1000 profiles still cached: "
                + (store.reads.get() - readsBefore) + " read again");
    }

    @Test
    void servesACachedProfileWithoutReadingTheDatabase() {
        InMemoryUsers store = new InMemoryUsers();
        UserService users = new UserService(store, NOBODY, 10, 600);
        users.provision(new Profile(1, "alice", "Alice", null));
        int reads = store.reads.get();
        assertEquals("Alice", users.profile(1).displayName());
        assertEquals(reads, store.reads.get());
    }

    @Test
    void announcesAStoredProfileThatChangedAndNothingElse() {
        InMemoryUsers store = new InMemoryUsers();
        List<Long> announced = new ArrayList<>();
        UserService users = new UserService(store, announced::add, 10, 600);
        users.provision(new Profile(1, "alice", "Alice", null));
        users.provision(new Profile(1, "alice", "Alice", null));
        assertEquals(List.of(), announced, "a new user and an unchanged login: no other instance holds an old copy");
        users.provision(new Profile(1, "alice", "Alice Liddell", null));
        assertEquals(List.of(1L), announced);
    }

    @Test
    void anInstanceThatHearsOfAChangeServesTheNewProfile() {
        InMemoryUsers database = new InMemoryUsers();
        UserService[] instances = new UserService[2];
        instances[0] = new UserService(database, userId -> instances[1].forget(userId), 10, 600);
        instances[1] = new UserService(database, userId -> instances[0].forget(userId), 10, 600);
        instances[1].provision(new Profile(1, "alice", "Alice", null));
        assertEquals("Alice", instances[1].profile(1).displayName());

        instances[0].provision(new Profile(1, "alice", "Alice Liddell", "https://example.com/a.png"));

        Profile onTheOther = instances[1].profile(1);
        assertEquals("Alice Liddell", onTheOther.displayName());
        assertEquals("https://example.com/a.png", onTheOther.avatar());
    }

    @Test
    void aReadThatOverlapsAChangeIsNotKept() {
        InMemoryUsers database = new InMemoryUsers();
        database.upsert(new Profile(1, "alice", "Alice", null));
        UserService[] self = new UserService[1];
        // the change (written and announced by another instance) lands while this instance reads the old row
        UserRepository slowRead = new DelegatingUsers(database) {
            private boolean changedMeanwhile;

            @Override
            public Map<Long, Profile> profiles(Collection<Long> ids) {
                Map<Long, Profile> old = super.profiles(ids);
                if (!changedMeanwhile) {
                    changedMeanwhile = true;
                    database.upsert(new Profile(1, "alice", "Alice Liddell", null));
                    self[0].forget(1);
                }
                return old;
            }
        };
        self[0] = new UserService(slowRead, NOBODY, 10, 600);
        assertEquals("Alice", self[0].profile(1).displayName(), "what was read");
        assertEquals("Alice Liddell", self[0].profile(1).displayName(), "read again, not the old copy");
    }

    private static class DelegatingUsers implements UserRepository {
        private final UserRepository delegate;

        DelegatingUsers(UserRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<User> find(long id) {
            return delegate.find(id);
        }

        @Override
        public Map<Long, Profile> profiles(Collection<Long> ids) {
            return delegate.profiles(ids);
        }

        @Override
        public void add(User user) {
            delegate.add(user);
        }

        @Override
        public boolean upsert(Profile profile) {
            return delegate.upsert(profile);
        }

        @Override
        public void recordLastSeen(long userId, LocalDateTime at) {
            delegate.recordLastSeen(userId, at);
        }

        @Override
        public Map<Long, LocalDateTime> lastSeen(Collection<Long> ids) {
            return delegate.lastSeen(ids);
        }
    }
}
