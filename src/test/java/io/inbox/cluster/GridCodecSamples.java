package io.inbox.cluster;

import io.inbox.presence.ConnectionInfo;
import io.inbox.protocol.PresenceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Typical grid payloads, encoded and decoded as the instances do, for {@code io.inbox.bench.GridCodecBench}
 * (the codecs are package-private).
 */
public final class GridCodecSamples {
    private final List<Envelopes.Item> batch;
    private final PresenceRecord presence;

    /** A batch of this many frames: mostly messages to a pair, some typing and read frames. */
    public GridCodecSamples(int frames) {
        batch = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            long id = 1_000_000L + i;
            if (i % 10 == 9) {
                batch.add(new Envelopes.Event(4242L, List.of(17L, 23L),
                        "{\"type\":\"typing\",\"conversation_id\":4242,\"user_id\":17,\"is_typing\":true}"));
            } else {
                batch.add(new MessageSequencer.Routed(id, 4242, List.of(17L, 23L), "{\"type\":\"TEXT\",\"message_id\":" + id
                        + ",\"conversation_id\":4242,\"sender_id\":17,\"sender_name\":\"Alice Liddell\",\"sender_avatar\":"
                        + "\"https://cdn.example.com/a/17.png\",\"message\":\"see you at \\\"the usual place\\\" at 8? \\u00fc\","
                        + "\"created_at\":\"2026-12-07T23:00:00.123Z\",\"client_id\":\"c-" + i + "\",\"edited_at\":null}"));
            }
        }
        presence = new PresenceRecord();
        presence.status = PresenceView.ONLINE;
        presence.lastSeenAt = Instant.ofEpochMilli(1_700_000_000_123L);
        presence.connections.put("3f2a9c1e", "5d1c7b1e-0d6a-4a57-9a8e-1b2c3d4e5f60");
        presence.connections.put("9b8e7d6c", "a1b2c3d4-0d6a-4a57-9a8e-1b2c3d4e5f60");
        presence.details.put("3f2a9c1e", new ConnectionInfo("3f2a9c1e", "[10.0.0.11]:6900", "/ws/inbox/",
                Instant.ofEpochMilli(1_700_000_000_000L), "203.0.113.7"));
        presence.details.put("9b8e7d6c", new ConnectionInfo("9b8e7d6c", "[10.0.0.12]:6900", "/ws/chat/4242/",
                Instant.ofEpochMilli(1_700_000_000_050L), null));
    }

    /** Encodes the batch into one envelope and decodes it; returns the items decoded. */
    public int envelopeRoundTrip() {
        return Envelopes.decode(Envelopes.encode(batch)).size();
    }

    /** Encodes the presence entry and decodes it; returns its connections. */
    public int presenceRoundTrip() {
        return PresenceRecord.decode(presence.encode()).connections.size();
    }

    /** Characters of the encoded envelope. */
    public int envelopeChars() {
        return Envelopes.encode(batch).length();
    }

    public int presenceChars() {
        return presence.encode().length();
    }
}
