package io.inbox.cluster;

import io.inbox.presence.ConnectionInfo;
import io.inbox.protocol.PresenceView;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One user's entry in the grid's presence map, stored as JSON text:
 * {@code {"s":"online","t":1700000000000,"c":{"connection id":"member id"},"i":["member id"],"g":"member id"}}:
 * status last announced, last seen (epoch ms), open connections and the member each is on, the members whose
 * connections of the user are idle, and the member running the offline grace timer.
 */
final class PresenceRecord {
    private static final JsonProvider JSON = JsonProvider.provider();

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
        JsonObjectBuilder json = JSON.createObjectBuilder().add("s", status);
        if (lastSeenAt != null) {
            json.add("t", lastSeenAt.toEpochMilli());
        }
        JsonObjectBuilder c = JSON.createObjectBuilder();
        connections.forEach(c::add);
        json.add("c", c);
        JsonObjectBuilder d = JSON.createObjectBuilder();
        details.forEach((id, info) -> {
            JsonObjectBuilder one = JSON.createObjectBuilder().add("n", info.instance()).add("e", info.endpoint())
                    .add("s", info.since().toEpochMilli());
            if (info.remoteAddress() != null) {
                one.add("r", info.remoteAddress());
            }
            d.add(id, one);
        });
        json.add("d", d);
        json.add("i", JSON.createArrayBuilder(idleMembers));
        if (graceMember != null) {
            json.add("g", graceMember);
        }
        return json.build().toString();
    }

    static PresenceRecord decode(String text) {
        PresenceRecord record = new PresenceRecord();
        if (text == null) {
            return record;
        }
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            json = reader.readObject();
        }
        record.status = json.getString("s", PresenceView.OFFLINE);
        if (json.containsKey("t")) {
            record.lastSeenAt = Instant.ofEpochMilli(json.getJsonNumber("t").longValue());
        }
        JsonObject c = json.getJsonObject("c");
        if (c != null) {
            c.forEach((id, member) -> record.connections.put(id, ((JsonString) member).getString()));
        }
        JsonObject d = json.getJsonObject("d");
        if (d != null) {
            d.forEach((id, v) -> {
                JsonObject one = v.asJsonObject();
                record.details.put(id, new ConnectionInfo(id, one.getString("n", null), one.getString("e", null),
                        Instant.ofEpochMilli(one.getJsonNumber("s").longValue()), one.getString("r", null)));
            });
        }
        if (json.containsKey("i")) {
            json.getJsonArray("i").forEach(v -> record.idleMembers.add(((JsonString) v).getString()));
        }
        JsonValue g = json.get("g");
        if (g instanceof JsonString member) {
            record.graceMember = member.getString();
        }
        return record;
    }
}
