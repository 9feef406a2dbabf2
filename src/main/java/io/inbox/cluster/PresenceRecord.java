package io.inbox.cluster;

import io.inbox.presence.ConnectionInfo;
import io.inbox.protocol.PresenceView;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One user's entry in the grid's presence map, stored as JSON text (JSON-B, the {@link Stored} record):
 * <pre>{"connections":{"3f2a9c1e":"member id"},
 *  "details":{"3f2a9c1e":{"endpoint":"/ws/inbox/","instance":"[10.0.0.11]:6900","remote_address":"203.0.113.7",
 *             "since_millis":1700000000000}},
 *  "grace_member":"member id","idle_members":["member id"],"last_seen_millis":1700000000123,"status":"online"}</pre>
 * status last announced, last seen (epoch ms), open connections and the member each is on (with what operators see
 * of each), the members whose connections of the user are idle, and the member running the offline grace timer.
 */
final class PresenceRecord {
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    String status = PresenceView.OFFLINE;
    Instant lastSeenAt;
    final Map<String, String> connections = new LinkedHashMap<>();
    /** Per connection: instance, endpoint, since, remote address (for operators). */
    final Map<String, ConnectionInfo> details = new LinkedHashMap<>();
    final Set<String> idleMembers = new LinkedHashSet<>();
    String graceMember;

    /** The status the connections give: online if one of them is active, away if all are idle; null if none. */
    String connectedStatus() {
        if (connections.isEmpty()) {
            return null;
        }
        return idleMembers.containsAll(connections.values()) ? PresenceView.AWAY : PresenceView.ONLINE;
    }

    /** Sets the status; the new view when it changed, else null. */
    PresenceView change(long userId, String newStatus) {
        if (newStatus == null || newStatus.equals(status)) {
            return null;
        }
        status = newStatus;
        return view(userId);
    }

    PresenceView view(long userId) {
        return new PresenceView(userId, status, lastSeenAt);
    }

    /** Whether the member has a part in this entry (a connection, an idle mark or a grace timer). */
    boolean involves(String member) {
        return connections.containsValue(member) || idleMembers.contains(member) || member.equals(graceMember);
    }

    /** Forgets everything of a member (it left the cluster). */
    void forget(String member) {
        connections.values().removeIf(member::equals);
        details.keySet().retainAll(connections.keySet());
        idleMembers.remove(member);
        if (member.equals(graceMember)) {
            graceMember = null;
        }
    }

    String encode() {
        LinkedHashMap<String, Detail> stored = new LinkedHashMap<>();
        details.forEach((id, info) -> stored.put(id, new Detail(info.instance(), info.endpoint(), info.since().toEpochMilli(),
                info.remoteAddress())));
        return JSON.toJson(new Stored(status, lastSeenAt == null ? null : lastSeenAt.toEpochMilli(),
                new LinkedHashMap<>(connections), stored, new LinkedHashSet<>(idleMembers), graceMember));
    }

    static PresenceRecord decode(String text) {
        PresenceRecord record = new PresenceRecord();
        if (text == null) {
            return record;
        }
        Stored stored = JSON.fromJson(text, Stored.class);
        if (stored.status() != null) {
            record.status = stored.status();
        }
        if (stored.lastSeenMillis() != null) {
            record.lastSeenAt = Instant.ofEpochMilli(stored.lastSeenMillis());
        }
        if (stored.connections() != null) {
            record.connections.putAll(stored.connections());
        }
        if (stored.details() != null) {
            stored.details().forEach((id, d) -> record.details.put(id, new ConnectionInfo(id, d.instance(), d.endpoint(),
                    Instant.ofEpochMilli(d.sinceMillis()), d.remoteAddress())));
        }
        if (stored.idleMembers() != null) {
            record.idleMembers.addAll(stored.idleMembers());
        }
        record.graceMember = stored.graceMember();
        return record;
    }

    /**
     * The entry as stored (public because JSON-B reads and creates it by reflection); the concrete collection types
     * keep the order of connections across a round trip. Absent keys read as null.
     */
    public record Stored(String status, Long lastSeenMillis, LinkedHashMap<String, String> connections,
                         LinkedHashMap<String, Detail> details, LinkedHashSet<String> idleMembers, String graceMember) {
    }

    /** What operators see of one connection: instance, endpoint, since (epoch ms), client address (or null). */
    public record Detail(String instance, String endpoint, long sinceMillis, String remoteAddress) {
    }
}
