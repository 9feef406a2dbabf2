package io.inbox.delivery;

import io.inbox.conversation.ConversationDirectory;
import io.inbox.conversation.ConversationNotFound;
import io.inbox.conversation.InvalidInput;
import io.inbox.protocol.FrameType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Server-side publishing, what the legacy app did with {@code channel_layer.group_send}: code in the WAR
 * (or {@code POST /api/publish/}) sends a custom event to a user or to a conversation's participants. It
 * reaches every open connection of those users, on every instance, once, as
 * {@code {"type": ..., "conversation_id": ..., ...payload}}. Custom events are not stored and not replayed
 * (like typing); to store a message, post it ({@code ConversationService.post}).
 */
@ApplicationScoped
public class Publisher {
    /** Letters, digits, {@code _ . -}; up to 64 characters. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    Fanout fanout;
    @Inject
    ConversationDirectory directory;

    /**
     * Sends the event to every participant of the conversation; returns how many users that is.
     *
     * @throws InvalidInput a type the protocol uses, or not of letters, digits, {@code _ . -}
     * @throws ConversationNotFound no such conversation
     */
    public int toConversation(long conversationId, String type, JsonObject payload) {
        String frame = frame(type, conversationId, payload);
        List<Long> participants = directory.participants(conversationId);
        if (participants.isEmpty()) {
            throw new ConversationNotFound(conversationId);
        }
        fanout.event(participants, conversationId, frame);
        return participants.size();
    }

    /**
     * Sends the event to every open connection of the user ({@code /ws/inbox/} ones: a
     * {@code /ws/chat/{id}/} connection only takes its conversation's frames).
     *
     * @throws InvalidInput a type the protocol uses, or not of letters, digits, {@code _ . -}
     */
    public void toUser(long userId, String type, JsonObject payload) {
        fanout.event(List.of(userId), null, frame(type, null, payload));
    }

    /** {@code {"type": type, "conversation_id": id, ...payload}} (the payload cannot override the first two). */
    static String frame(String type, Long conversationId, JsonObject payload) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidInput("type: 1 to 64 letters, digits, '_', '.' or '-' are required");
        }
        if (FrameType.PROTOCOL.contains(type)) {
            throw new InvalidInput("type: '" + type + "' is a protocol frame type; use a type of your own");
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject().write("type", type);
            if (conversationId != null) {
                g.write("conversation_id", conversationId);
            }
            if (payload != null) {
                for (Map.Entry<String, JsonValue> field : payload.entrySet()) {
                    if (!field.getKey().equals("type") && !field.getKey().equals("conversation_id")) {
                        g.write(field.getKey(), field.getValue());
                    }
                }
            }
            g.writeEnd();
        }
        return out.toString();
    }
}
