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

    @Test
    void theTextOnTheTopicHasReadableKeys() {
        List<Envelopes.Item> items = List.of(
                new MessageSequencer.Routed(42, 7, List.of(1L, 2L), "{\"type\":\"TEXT\"}"),
                new Envelopes.Event(null, List.of(3L), "{\"type\":\"presence\"}"),
                new Envelopes.Disconnect(9, "bye"),
                new Envelopes.ProfileChanged(11));
        String golden = "{\"items\":["
                + "{\"kind\":\"message\",\"conversation_id\":7,\"frame\":\"{\\\"type\\\":\\\"TEXT\\\"}\",\"message_id\":42,\"user_ids\":[1,2]},"
                + "{\"kind\":\"event\",\"frame\":\"{\\\"type\\\":\\\"presence\\\"}\",\"user_ids\":[3]},"
                + "{\"kind\":\"disconnect\",\"reason\":\"bye\",\"user_id\":9},"
                + "{\"kind\":\"profile_changed\",\"user_id\":11}]}";
        assertEquals(golden, Envelopes.encode(items));
        assertEquals(items, Envelopes.decode(golden));
    }
}
