package io.inbox.cluster;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What instances send each other over the grid: plain JSON text, so that no application class has to be
 * loaded by the grid's threads. One envelope carries many items:
 * {@code [{"m":id,"c":conversation,"u":[user ids],"f":"frame"}, {"c":conversation-or-null,"u":[...],"f":"..."}]}
 * where an item with {@code m} is a committed message (live delivery, sequenced) and one without is any
 * other frame; {@code {"x": user id, "f": "reason"}} closes a user's connections (an operator's disconnect);
 * {@code {"p": user id}} says that the user's stored profile changed (drop the cached copy).
 */
final class Envelopes {
    private static final JsonProvider JSON = JsonProvider.provider();

    /** One routed frame. */
    sealed interface Item permits MessageSequencer.Routed, Event, Disconnect, ProfileChanged {
    }

    /** A user's stored profile changed: every other instance drops its cached copy. */
    record ProfileChanged(long userId) implements Item {
    }

    /** An operator's disconnect of a user: every instance closes the user's connections. */
    record Disconnect(long userId, String reason) implements Item {
    }

    /** A frame that is not a live message. */
    record Event(Long conversationId, Collection<Long> userIds, String frame) implements Item {
    }

    private Envelopes() {
    }

    static String encode(List<Item> items) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Item item : items) {
                json.writeStartObject();
                if (item instanceof Disconnect disconnect) {
                    json.write("x", disconnect.userId()).write("f", disconnect.reason()).writeEnd();
                    continue;
                }
                if (item instanceof ProfileChanged changed) {
                    json.write("p", changed.userId()).writeEnd();
                    continue;
                }
                Long conversationId;
                Collection<Long> userIds;
                String frame;
                if (item instanceof MessageSequencer.Routed routed) {
                    json.write("m", routed.messageId());
                    conversationId = routed.conversationId();
                    userIds = routed.userIds();
                    frame = routed.frame();
                } else {
                    Event event = (Event) item;
                    conversationId = event.conversationId();
                    userIds = event.userIds();
                    frame = event.frame();
                }
                if (conversationId == null) {
                    json.writeNull("c");
                } else {
                    json.write("c", conversationId);
                }
                json.writeStartArray("u");
                userIds.forEach(json::write);
                json.writeEnd();
                json.write("f", frame);
                json.writeEnd();
            }
            json.writeEnd();
        }
        return out.toString();
    }

    static List<Item> decode(String envelope) {
        JsonArray array;
        try (JsonReader reader = JSON.createReader(new StringReader(envelope))) {
            array = reader.readArray();
        }
        List<Item> items = new ArrayList<>(array.size());
        for (JsonValue value : array) {
            JsonObject item = value.asJsonObject();
            if (item.containsKey("x")) {
                items.add(new Disconnect(item.getJsonNumber("x").longValue(), item.getString("f")));
                continue;
            }
            if (item.containsKey("p")) {
                items.add(new ProfileChanged(item.getJsonNumber("p").longValue()));
                continue;
            }
            JsonValue c = item.get("c");
            Long conversationId = c == null || c.getValueType() == JsonValue.ValueType.NULL ? null
                    : ((JsonNumber) c).longValue();
            List<Long> userIds = item.getJsonArray("u").getValuesAs(JsonNumber.class).stream()
                    .map(JsonNumber::longValue).toList();
            String frame = item.getString("f");
            if (item.containsKey("m")) {
                items.add(new MessageSequencer.Routed(item.getJsonNumber("m").longValue(), conversationId, userIds, frame));
            } else {
                items.add(new Event(conversationId, userIds, frame));
            }
        }
        return items;
    }
}
