package io.inbox.persistence;

import io.inbox.user.Profile;
import io.inbox.user.User;
import io.inbox.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Users in the {@code inbox_user} table. */
@ApplicationScoped
@Transactional // reads too: a transaction-scoped EntityManager used without one is unreliable on pooled threads
public class JpaUserRepository implements UserRepository {

    @PersistenceContext(unitName = "inbox")
    EntityManager em;

    @Override
    public Optional<User> find(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> ids) {
        Map<Long, Profile> result = new HashMap<>();
        if (!ids.isEmpty()) {
            em.createQuery("SELECT u FROM User u WHERE u.id IN :ids", User.class).setParameter("ids", ids)
                    .getResultList().forEach(u -> result.put(u.id(), u.profile()));
        }
        return result;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean upsert(Profile profile) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        User user = em.find(User.class, profile.id());
        if (user == null) {
            em.persist(new User(profile.id(), profile.username(), profile.name(), profile.avatar(), now));
            return false;
        }
        return user.refresh(profile, now);
    }

    @Override
    public void add(User user) {
        em.persist(user);
    }

    @Override
    public void recordLastSeen(long userId, LocalDateTime at) {
        em.createQuery("UPDATE User u SET u.lastSeenAt = :at WHERE u.id = :id")
                .setParameter("at", at).setParameter("id", userId).executeUpdate();
    }

    @Override
    public Map<Long, LocalDateTime> lastSeen(Collection<Long> ids) {
        Map<Long, LocalDateTime> result = new HashMap<>();
        if (!ids.isEmpty()) {
            em.createQuery("SELECT u.id, u.lastSeenAt FROM User u WHERE u.id IN :ids AND u.lastSeenAt IS NOT NULL",
                            Object[].class).setParameter("ids", ids).getResultList()
                    .forEach(row -> result.put((Long) row[0], (LocalDateTime) row[1]));
        }
        return result;
    }
}
