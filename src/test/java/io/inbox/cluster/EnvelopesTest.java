package io.inbox.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopesTest {

    @Test
    void messagesAndEventsSurviveTheRoundTripInOrder() {
        List<Envelopes.Item> items = List.of(
                new MessageSequencer.Routed(42, 7, List.of(1L, 2L), "{\"type\":\"TEXT\",\"message\":\"a \\\"quote\\\" ü\"}"),
                new Envelopes.Event(null, List.of(3L), "{\"type\":\"presence\"}"),
                new Envelopes.Event(7L, List.of(), "{\"type\":\"typing\"}"),
                new Envelopes.Disconnect(9, "disconnected by an administrator"),
                new Envelopes.ProfileChanged(11));
        assertEquals(items, Envelopes.decode(Envelopes.encode(items)));
    }
}
