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

    @Test
    void theFirstConnectionMakesTheUserOnlineAndTheLimitRefusesTheNext() {
        PresenceLedger.Opened first = ledger.open(1, "a", 2, t);
        assertTrue(first.accepted());
        assertEquals(PresenceView.ONLINE, first.changed().status());
        PresenceLedger.Opened second = ledger.open(1, "b", 2, t);
        assertTrue(second.accepted());
        assertNull(second.changed(), "already online");
        assertFalse(ledger.open(1, "c", 2, t).accepted());
    }

    @Test
    void offlineOnlyWhenTheLastConnectionClosedAndNoneOpenedBeforeTheGraceEnded() {
        ledger.open(1, "a", 5, t);
        ledger.open(1, "b", 5, t);
        assertFalse(ledger.close(1, "a", t));
        assertTrue(ledger.close(1, "b", t.plusSeconds(1)));
        ledger.open(1, "c", 5, t.plusSeconds(2)); // a reload within the grace period
        assertNull(ledger.settle(1));
        assertTrue(ledger.close(1, "c", t.plusSeconds(3)));
        PresenceView offline = ledger.settle(1);
        assertEquals(PresenceView.OFFLINE, offline.status());
        assertEquals(t.plusSeconds(3), offline.lastSeenAt());
        assertTrue(ledger.find(List.of(1L)).isEmpty(), "offline users are not kept");
    }

    @Test
    void idleMakesAwayAndActivityOnlineAgain() {
        ledger.open(1, "a", 5, t);
        assertEquals(PresenceView.AWAY, ledger.idle(1, true).status());
        assertNull(ledger.idle(1, true));
        assertEquals(PresenceView.ONLINE, ledger.idle(1, false).status());
        assertEquals(PresenceView.ONLINE, ledger.find(List.of(1L, 2L)).get(1L).status());
    }
}
