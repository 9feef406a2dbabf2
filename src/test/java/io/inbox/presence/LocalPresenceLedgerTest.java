package io.inbox.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.protocol.PresenceView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPresenceLedgerTest {
    private final LocalPresenceLedger ledger = new LocalPresenceLedger();
    private final Instant t = Instant.ofEpochSecond(1_700_000_000);

    private static ConnectionInfo connection(String id, Instant since) {
        return new ConnectionInfo(id, null, "/ws/inbox/", since, "127.0.0.1");
    }

    @Test
    void connectionsAreListedWithTheirInstance() {
        ledger.open(1, connection("a", t), 5);
        ConnectionInfo listed = ledger.connections(1).get(0);
        assertEquals("a", listed.connectionId());
        assertEquals("/ws/inbox/", listed.endpoint());
        assertTrue(listed.instance() != null && !listed.instance().isBlank());
        ledger.close(1, "a", t);
        assertTrue(ledger.connections(1).isEmpty());
    }

    @Test
    void theFirstConnectionMakesTheUserOnlineAndTheLimitRefusesTheNext() {
        PresenceLedger.Opened first = ledger.open(1, connection("a", t), 2);
        assertTrue(first.accepted());
        assertEquals(PresenceView.ONLINE, first.changed().status());
        PresenceLedger.Opened second = ledger.open(1, connection("b", t), 2);
        assertTrue(second.accepted());
        assertNull(second.changed(), "already online");
        assertFalse(ledger.open(1, connection("c", t), 2).accepted());
    }

    @Test
    void offlineOnlyWhenTheLastConnectionClosedAndNoneOpenedBeforeTheGraceEnded() {
        ledger.open(1, connection("a", t), 5);
        ledger.open(1, connection("b", t), 5);
        assertFalse(ledger.close(1, "a", t));
        assertTrue(ledger.close(1, "b", t.plusSeconds(1)));
        ledger.open(1, connection("c", t.plusSeconds(2)), 5); // a reload within the grace period
        assertNull(ledger.settle(1));
        assertTrue(ledger.close(1, "c", t.plusSeconds(3)));
        PresenceView offline = ledger.settle(1);
        assertEquals(PresenceView.OFFLINE, offline.status());
        assertEquals(t.plusSeconds(3), offline.lastSeenAt());
        assertTrue(ledger.find(List.of(1L)).isEmpty(), "offline users are not kept");
    }

    @Test
    void idleMakesAwayAndActivityOnlineAgain() {
        ledger.open(1, connection("a", t), 5);
        assertEquals(PresenceView.AWAY, ledger.idle(1, true).status());
        assertNull(ledger.idle(1, true));
        assertEquals(PresenceView.ONLINE, ledger.idle(1, false).status());
        assertEquals(PresenceView.ONLINE, ledger.find(List.of(1L, 2L)).get(1L).status());
    }
}
