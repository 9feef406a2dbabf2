package io.inbox.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.protocol.PresenceView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceRecordTest {

    @Test
    void roundTripsThroughItsText() {
        PresenceRecord r = new PresenceRecord();
        r.status = PresenceView.AWAY;
        r.lastSeenAt = Instant.ofEpochMilli(1_700_000_000_123L);
        r.connections.put("c1", "m1");
        r.connections.put("c2", "m2");
        r.details.put("c1", new io.inbox.presence.ConnectionInfo("c1", "[127.0.0.1]:6900", "/ws/chat/5/",
                Instant.ofEpochMilli(1_700_000_000_000L), null));
        r.idleMembers.add("m1");
        r.graceMember = "m2";
        PresenceRecord copy = PresenceRecord.decode(r.encode());
        assertEquals(r.encode(), copy.encode());
        assertEquals(r.view(5), copy.view(5));
        assertEquals(r.details, copy.details);
    }

    @Test
    void readsItsReadableText() {
        PresenceRecord r = PresenceRecord.decode("{\"connections\":{\"c1\":\"m1\",\"c2\":\"m2\"},"
                + "\"details\":{\"c1\":{\"endpoint\":\"/ws/inbox/\",\"instance\":\"[127.0.0.1]:6900\","
                + "\"remote_address\":\"203.0.113.7\",\"since_millis\":1700000000000}},"
                + "\"grace_member\":\"m2\",\"idle_members\":[\"m1\"],\"last_seen_millis\":1700000000123,\"status\":\"away\"}");
        assertEquals(PresenceView.AWAY, r.status);
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), r.lastSeenAt);
        assertEquals(java.util.List.of("c1", "c2"), java.util.List.copyOf(r.connections.keySet()));
        assertEquals(new io.inbox.presence.ConnectionInfo("c1", "[127.0.0.1]:6900", "/ws/inbox/",
                Instant.ofEpochMilli(1_700_000_000_000L), "203.0.113.7"), r.details.get("c1"));
        assertEquals(java.util.Set.of("m1"), r.idleMembers);
        assertEquals("m2", r.graceMember);
    }

    @Test
    void anEmptyEntryIsOfflineWithoutConnections() {
        PresenceRecord r = PresenceRecord.decode("{}");
        assertEquals(PresenceView.OFFLINE, r.status);
        assertNull(r.lastSeenAt);
        assertTrue(r.connections.isEmpty());
        assertNull(r.graceMember);
    }

    @Test
    void awayOnlyWhenEveryMemberWithAConnectionIsIdle() {
        PresenceRecord r = new PresenceRecord();
        assertNull(r.connectedStatus());
        r.connections.put("c1", "m1");
        r.connections.put("c2", "m2");
        r.idleMembers.add("m1");
        assertEquals(PresenceView.ONLINE, r.connectedStatus());
        r.idleMembers.add("m2");
        assertEquals(PresenceView.AWAY, r.connectedStatus());
    }

    @Test
    void forgettingADeadMemberLeavesTheOthersConnections() {
        PresenceRecord r = new PresenceRecord();
        r.connections.put("c1", "m1");
        r.connections.put("c2", "m2");
        r.idleMembers.add("m1");
        assertTrue(r.involves("m1"));
        r.forget("m1");
        assertFalse(r.involves("m1"));
        assertEquals(1, r.connections.size());
        assertEquals(PresenceView.ONLINE, r.connectedStatus());
    }

    @Test
    void aChangeIsReportedOnlyWhenTheStatusMoves() {
        PresenceRecord r = new PresenceRecord();
        assertEquals(PresenceView.ONLINE, r.change(1, PresenceView.ONLINE).status());
        assertNull(r.change(1, PresenceView.ONLINE));
        assertNull(r.change(1, null));
    }
}
