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
