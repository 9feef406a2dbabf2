package io.inbox.api;

import io.inbox.protocol.FrameCodec;
import jakarta.json.bind.adapter.JsonbAdapter;
import java.time.Instant;

/** The wire contract's times ({@code 2025-01-15T10:30:00.123Z}), written by {@link FrameCodec#timestamp}. */
public final class WireTime implements JsonbAdapter<Instant, String> {
    @Override
    public String adaptToJson(Instant instant) {
        return FrameCodec.timestamp(instant);
    }

    @Override
    public Instant adaptFromJson(String text) {
        return Instant.parse(text);
    }
}
