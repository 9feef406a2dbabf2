package io.inbox.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.inbox.presence.ConnectionInfo;
import io.inbox.presence.PresenceLedger;
import io.inbox.protocol.PresenceView;
import io.inbox.user.UserService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Presence and the per-user connection limit of a whole cluster, in one grid map keyed by user id (see
 * {@link PresenceRecord}). Every change runs under the grid's lock of that user, so two instances opening
 * the user's fifth and sixth connection at once cannot both succeed. When a member leaves the cluster (a
 * crash included), the oldest remaining member removes its connections, and users left without any are
 * announced offline at once. Created by {@link ClusterWiring} only when clustering is on.
 */
public class ClusterPresenceLedger implements PresenceLedger {
    private static final Logger LOG = Logger.getLogger(ClusterPresenceLedger.class.getName());
    static final String MAP = "inbox.presence";

    private final HazelcastGrid grid;
    private final UserService users;
    private final Executor executor;

    private IMap<Long, String> map;
    private String self;
    private String instanceName;
    private volatile Consumer<PresenceView> listener = view -> { };

    ClusterPresenceLedger(HazelcastGrid grid, UserService users, Executor executor) {
        this.grid = grid;
        this.users = users;
        this.executor = executor;
    }

    /** Opens the grid map and watches members leave. */
    void start() {
        map = grid.instance().getMap(MAP);
        self = grid.memberId();
        instanceName = grid.instance().getCluster().getLocalMember().getAddress().toString();
        grid.instance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing to do: a new member starts without connections
                LOG.info(() -> "Member " + event.getMember().getUuid() + " joined: cluster of " + event.getMembers().size()
                        + " members");
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = event.getMember().getUuid().toString();
                LOG.warning(() -> "Member " + gone + " left: cluster of " + event.getMembers().size() + " members");
                executor.execute(() -> forgetMember(gone));
            }
        });
    }

    @Override
    public void onChange(Consumer<PresenceView> listener) {
        this.listener = listener;
    }

    @Override
    public Opened open(long userId, ConnectionInfo connection, int maxConnections) {
        return update(userId, r -> {
            if (r.connections.size() >= maxConnections) {
                return Opened.REFUSED;
            }
            r.connections.put(connection.connectionId(), self);
            r.details.put(connection.connectionId(), connection.on(instanceName));
            r.idleMembers.remove(self);
            r.graceMember = null;
            r.lastSeenAt = connection.since();
            return new Opened(true, r.change(userId, r.connectedStatus()));
        });
    }

    @Override
    public boolean close(long userId, String connectionId, Instant now) {
        return update(userId, r -> {
            if (r.connections.remove(connectionId) == null) {
                return false;
            }
            r.details.remove(connectionId);
            r.lastSeenAt = now;
            if (!r.connections.containsValue(self)) {
                r.idleMembers.remove(self);
            }
            if (r.connections.isEmpty()) {
                r.graceMember = self;
                return true;
            }
            return false;
        });
    }

    @Override
    public PresenceView settle(long userId) {
        return update(userId, r -> r.connections.isEmpty() ? r.change(userId, PresenceView.OFFLINE) : null);
    }

    @Override
    public PresenceView idle(long userId, boolean idle) {
        return update(userId, r -> {
            if (!r.connections.containsValue(self)) {
                return null;
            }
            if (idle) {
                r.idleMembers.add(self);
            } else {
                r.idleMembers.remove(self);
            }
            return r.change(userId, r.connectedStatus());
        });
    }

    @Override
    public java.util.List<ConnectionInfo> connections(long userId) {
        String text = map.get(userId);
        return text == null ? java.util.List.of() : java.util.List.copyOf(PresenceRecord.decode(text).details.values());
    }

    @Override
    public Map<Long, PresenceView> find(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, PresenceView> found = new HashMap<>();
        map.getAll(new HashSet<>(userIds)).forEach((userId, text) -> {
            if (text != null) {
                found.put(userId, PresenceRecord.decode(text).view(userId));
            }
        });
        return found;
    }

    /**
     * Reads, changes and writes one user's entry under the grid lock of that user. An entry left without
     * connections and offline is removed (offline users' last-seen time is stored with the user).
     */
    private <T> T update(long userId, Function<PresenceRecord, T> change) {
        map.lock(userId);
        try {
            PresenceRecord record = PresenceRecord.decode(map.get(userId));
            T result = change.apply(record);
            if (record.connections.isEmpty() && PresenceView.OFFLINE.equals(record.status) && record.graceMember == null) {
                map.delete(userId);
            } else {
                map.set(userId, record.encode());
            }
            return result;
        } finally {
            map.unlock(userId);
        }
    }

    /** A member left: the oldest remaining member takes its connections out and announces who went offline. */
    private void forgetMember(String gone) {
        try {
            if (!grid.instance().getCluster().getMembers().iterator().next().localMember()) {
                return;
            }
            Set<Long> affected = map.keySet(Predicates.like("this", "%" + gone + "%"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int offline = 0;
            for (Long userId : affected) {
                PresenceView changed = update(userId, r -> {
                    if (!r.involves(gone)) {
                        return null;
                    }
                    boolean hadConnections = r.connections.containsValue(gone);
                    r.forget(gone);
                    if (r.connections.isEmpty()) {
                        if (hadConnections) {
                            r.lastSeenAt = now;
                        }
                        return r.change(userId, PresenceView.OFFLINE);
                    }
                    return r.change(userId, r.connectedStatus());
                });
                if (changed != null) {
                    if (PresenceView.OFFLINE.equals(changed.status())) {
                        offline++;
                        recordLastSeen(changed);
                    }
                    listener.accept(changed);
                }
            }
            int wentOffline = offline;
            LOG.info(() -> "Member " + gone + " left the cluster: " + affected.size() + " users had connections or timers"
                    + " there, " + wentOffline + " are now offline");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of the users of departed member " + gone + " not cleaned up", e);
        }
    }

    private void recordLastSeen(PresenceView view) {
        try {
            if (view.lastSeenAt() != null) {
                users.recordLastSeen(view.userId(), view.lastSeenAt());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Last seen time of user " + view.userId() + " not stored", e);
        }
    }
}
