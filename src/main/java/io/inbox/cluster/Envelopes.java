package io.inbox.cluster;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.util.Collection;
import java.util.List;

/**
 * What instances send each other over the grid: JSON text made with JSON-B from the records below, so that the grid
 * carries strings and never has to load an application class. One envelope carries many items:
 * <pre>{"items":[
 *   {"kind":"message","conversation_id":7,"frame":"{...}","message_id":42,"user_ids":[1,2]},
 *   {"kind":"event","conversation_id":7,"frame":"{...}","user_ids":[1,2]},
 *   {"kind":"disconnect","reason":"disconnected by an administrator","user_id":9},
 *   {"kind":"profile_changed","user_id":11}]}</pre>
 * A {@code message} is a committed message (live delivery, sequenced); an {@code event} is any other frame (its
 * {@code conversation_id} absent when it has none); a {@code disconnect} closes a user's connections (an operator's
 * disconnect); {@code profile_changed} says that the user's stored profile changed (drop the cached copy).
 */
final class Envelopes {
    // the records are public (in this package-private class) because JSON-B reads and creates them by reflection
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    /** One routed frame. */
    @JsonbTypeInfo(key = "kind", value = {
            @JsonbSubtype(alias = "message", type = MessageSequencer.Routed.class),
            @JsonbSubtype(alias = "event", type = Event.class),
            @JsonbSubtype(alias = "disconnect", type = Disconnect.class),
            @JsonbSubtype(alias = "profile_changed", type = ProfileChanged.class)})
    public sealed interface Item permits MessageSequencer.Routed, Event, Disconnect, ProfileChanged {
    }

    /** An operator's disconnect of a user: every instance closes the user's connections. */
    public record Disconnect(long userId, String reason) implements Item {
    }

    /** A frame that is not a live message. */
    public record Event(Long conversationId, Collection<Long> userIds, String frame) implements Item {
    }

    /** A user's stored profile changed: every other instance drops its cached copy. */
    public record ProfileChanged(long userId) implements Item {
    }

    /** The text on the topic: the items of one batch, in order. */
    public record Envelope(List<Item> items) {
    }

    private Envelopes() {
    }

    static String encode(List<Item> items) {
        return JSON.toJson(new Envelope(items));
    }

    static List<Item> decode(String envelope) {
        return JSON.fromJson(envelope, Envelope.class).items();
    }
}
