package io.inbox.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * JSON text frames to {@link ClientCommand}s and {@link ServerEvent}s to JSON text, with the exact field
 * names and types of the wire contract. Stateless and thread-safe.
 */
@ApplicationScoped
public class FrameCodec {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_ECHOED_TYPE_LENGTH = 32;

    private final JsonProvider json = JsonProvider.provider();
    private final JsonGeneratorFactory generators = json.createGeneratorFactory(Map.of());

    /** ISO-8601 UTC with milliseconds and a {@code Z}: {@code 2025-01-15T10:30:00.123Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes one client text frame.
     *
     * @throws FrameException with {@link ErrorCode#MALFORMED} for anything that is not a valid command
     */
    public ClientCommand decode(String text) {
        return decode(text, false);
    }

    /**
     * Decodes one client text frame. With {@code legacy} (the per-conversation endpoint), a frame without a
     * {@code type} but with a {@code message} is a TEXT frame, as older per-conversation clients send them.
     *
     * @throws FrameException with {@link ErrorCode#MALFORMED} for anything that is not a valid command
     */
    public ClientCommand decode(String text, boolean legacy) {
        JsonObject frame = parseObject(text);
        JsonValue type = frame.get("type");
        if (type == null || type.getValueType() == JsonValue.ValueType.NULL) {
            if (legacy && frame.containsKey("message")) {
                return decodeSendText(frame);
            }
            throw malformed(frame, "missing field: type");
        }
        if (!(type instanceof JsonString typeName)) {
            throw malformed(frame, "type must be a string");
        }
        return switch (typeName.getString()) {
            case FrameType.TEXT -> decodeSendText(frame);
            case FrameType.PING -> new ClientCommand.Ping();
            case FrameType.SYNC -> new ClientCommand.Sync(requiredCursor(frame, "last_message_id"));
            case FrameType.TYPING -> new ClientCommand.SetTyping(optionalId(frame, "conversation_id"),
                    requiredBoolean(frame, "is_typing"));
            case FrameType.TYPING_START -> new ClientCommand.SetTyping(optionalId(frame, "conversation_id"), true);
            case FrameType.TYPING_STOP -> new ClientCommand.SetTyping(optionalId(frame, "conversation_id"), false);
            case FrameType.READ -> new ClientCommand.MarkRead(optionalId(frame, "conversation_id"),
                    requiredId(frame, "message_id"));
            case FrameType.EDIT -> new ClientCommand.EditMessage(requiredId(frame, "message_id"),
                    requiredString(frame, "message"));
            case FrameType.DELETE -> new ClientCommand.DeleteMessage(requiredId(frame, "message_id"));
            default -> throw malformed(frame, "unknown type: " + truncate(typeName.getString()));
        };
    }

    private JsonObject parseObject(String text) {
        JsonValue value;
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new FrameException(ErrorCode.MALFORMED, "invalid JSON");
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new FrameException(ErrorCode.MALFORMED, "invalid JSON: text after the value");
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new FrameException(ErrorCode.MALFORMED, "invalid JSON");
        }
        if (!(value instanceof JsonObject object)) {
            throw new FrameException(ErrorCode.MALFORMED, "frame must be a JSON object");
        }
        return object;
    }

    private ClientCommand.SendText decodeSendText(JsonObject frame) {
        Long conversationId = optionalId(frame, "conversation_id");
        String clientId = optionalString(frame, "client_id");
        if (!ClientId.isValid(clientId)) {
            throw malformed(frame, ClientId.RULE);
        }
        JsonValue message = frame.get("message");
        if (message == null || message.getValueType() == JsonValue.ValueType.NULL) {
            throw malformed(frame, "missing field: message");
        }
        if (!(message instanceof JsonString messageText)) {
            throw malformed(frame, "message must be a string");
        }
        return new ClientCommand.SendText(conversationId, messageText.getString(), clientId);
    }

    /**
     * An error answering a frame that is refused before decoding (rate limit), with whatever correlation
     * fields the frame has.
     */
    public ServerEvent.Error rejection(String text, ErrorCode code, String message) {
        try {
            JsonObject frame = parseObject(text);
            return new ServerEvent.Error(code, message, lenientId(frame, "conversation_id"), lenientString(frame, "client_id"));
        } catch (FrameException notJson) {
            return new ServerEvent.Error(code, message, null, null);
        }
    }

    /** A positive integer id, or null when absent; anything else is malformed. */
    private Long optionalId(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long id = number.bigIntegerValueExact().longValueExact();
                if (id > 0) {
                    return id;
                }
            } catch (ArithmeticException tooLarge) {
                // falls through to the error below
            }
        }
        throw new FrameException(ErrorCode.MALFORMED, field + " must be a positive integer", null,
                lenientString(frame, "client_id"));
    }

    private Long requiredId(JsonObject frame, String field) {
        Long id = optionalId(frame, field);
        if (id == null) {
            throw malformed(frame, "missing field: " + field);
        }
        return id;
    }

    private static boolean requiredBoolean(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw malformed(frame, value == null ? "missing field: " + field : field + " must be true or false");
    }

    private String requiredString(JsonObject frame, String field) {
        String value = optionalString(frame, field);
        if (value == null) {
            throw malformed(frame, "missing field: " + field);
        }
        return value;
    }

    /** A message id cursor: a required integer of at least 0. */
    private static long requiredCursor(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw malformed(frame, "missing field: " + field);
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long cursor = number.bigIntegerValueExact().longValueExact();
                if (cursor >= 0) {
                    return cursor;
                }
            } catch (ArithmeticException tooLarge) {
                // falls through to the error below
            }
        }
        throw malformed(frame, field + " must be an integer of at least 0");
    }

    private String optionalString(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw malformed(frame, field + " must be a string");
    }

    /** An error that carries whatever correlation fields the frame has, so the client can match it. */
    private static FrameException malformed(JsonObject frame, String message) {
        return new FrameException(ErrorCode.MALFORMED, message, lenientId(frame, "conversation_id"),
                lenientString(frame, "client_id"));
    }

    private static Long lenientId(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long id = number.longValueExact();
                return id > 0 ? id : null;
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static String lenientString(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        if (value instanceof JsonString string && string.getString().length() <= ClientId.MAX_LENGTH) {
            return string.getString();
        }
        return null;
    }

    private static String truncate(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_ECHOED_TYPE_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_ECHOED_TYPE_LENGTH)) + "...";
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes one server event as a JSON text frame. */
    public String encode(ServerEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = generators.createGenerator(out)) {
            write(g, event);
        }
        return out.toString();
    }

    private void write(JsonGenerator g, ServerEvent event) {
        g.writeStartObject();
        event.writeTo(new GeneratorEventWriter(g));
        g.writeEnd();
    }

    /** Writes each kind of event's fields into an open object. */
    private final class GeneratorEventWriter implements ServerEvent.EventWriter {
        private final JsonGenerator g;

        GeneratorEventWriter(JsonGenerator g) {
            this.g = g;
        }

        @Override
        public void connectionEstablished(ServerEvent.ConnectionEstablished event) {
            g.write("type", FrameType.CONNECTION_ESTABLISHED)
                    .write("user_id", event.userId())
                    .write("heartbeat_interval", event.heartbeatIntervalSeconds());
        }

        @Override
        public void pong(ServerEvent.Pong event) {
            g.write("type", FrameType.PONG);
        }

        @Override
        public void messagePosted(ServerEvent.MessagePosted event) {
            writeMessageFields(g, event.message());
        }

        @Override
        public void conversationCreated(ServerEvent.ConversationCreated event) {
            g.write("type", FrameType.CONVERSATION_CREATED);
            g.writeKey("conversation");
            writeConversation(g, event.conversation());
        }

        @Override
        public void syncComplete(ServerEvent.SyncComplete event) {
            g.write("type", FrameType.SYNC_COMPLETE).write("last_message_id", event.lastMessageId());
        }

        @Override
        public void typing(ServerEvent.Typing event) {
            g.write("type", FrameType.TYPING).write("conversation_id", event.conversationId())
                    .write("user_id", event.userId()).write("is_typing", event.typing());
        }

        @Override
        public void read(ServerEvent.Read event) {
            g.write("type", FrameType.READ).write("conversation_id", event.conversationId())
                    .write("user_id", event.userId()).write("message_id", event.messageId())
                    .write("read_at", timestamp(event.readAt()));
        }

        @Override
        public void messageUpdated(ServerEvent.MessageUpdated event) {
            g.write("type", FrameType.MESSAGE_UPDATED).write("conversation_id", event.conversationId())
                    .write("message_id", event.messageId()).write("message", event.message())
                    .write("edited_at", timestamp(event.editedAt()));
        }

        @Override
        public void messageDeleted(ServerEvent.MessageDeleted event) {
            g.write("type", FrameType.MESSAGE_DELETED).write("conversation_id", event.conversationId())
                    .write("message_id", event.messageId());
        }

        @Override
        public void presence(ServerEvent.Presence event) {
            g.write("type", FrameType.PRESENCE);
            writePresenceFields(g, event.presence());
        }

        @Override
        public void presenceList(ServerEvent.PresenceList event) {
            g.write("type", FrameType.PRESENCE_LIST).writeStartArray("users");
            for (PresenceView user : event.users()) {
                g.writeStartObject();
                writePresenceFields(g, user);
                g.writeEnd();
            }
            g.writeEnd();
        }

        @Override
        public void error(ServerEvent.Error event) {
            g.write("type", FrameType.ERROR).write("code", event.code().code()).write("message", event.message());
            if (event.conversationId() != null) {
                g.write("conversation_id", event.conversationId());
            }
            if (event.clientId() != null) {
                g.write("client_id", event.clientId());
            }
        }
    }

    /** The message object's fields, in the legacy order. */
    private static void writeMessageFields(JsonGenerator g, MessageView m) {
        g.write("type", FrameType.TEXT)
                .write("message", m.message())
                .write("conversation_id", m.conversationId())
                .write("sender_id", m.senderId());
        writeNullable(g, "sender_name", m.senderName());
        writeNullable(g, "sender_avatar", m.senderAvatar());
        g.write("created_at", timestamp(m.createdAt()))
                .write("message_id", m.messageId());
        if (m.clientId() != null) {
            g.write("client_id", m.clientId());
        }
        if (m.editedAt() != null) {
            g.write("edited_at", timestamp(m.editedAt()));
        }
    }

    /** {@code {"id", "title", "participant_ids"}}. */
    private static void writeConversation(JsonGenerator g, ConversationView c) {
        g.writeStartObject();
        g.write("id", c.id());
        writeNullable(g, "title", c.title());
        g.writeStartArray("participant_ids");
        c.participantIds().forEach(g::write);
        g.writeEnd();
        g.writeEnd();
    }

    private static void writePresenceFields(JsonGenerator g, PresenceView p) {
        g.write("user_id", p.userId()).write("status", p.status());
        writeNullable(g, "last_seen_at", p.lastSeenAt() == null ? null : timestamp(p.lastSeenAt()));
    }

    private static void writeNullable(JsonGenerator g, String name, String value) {
        if (value == null) {
            g.writeNull(name);
        } else {
            g.write(name, value);
        }
    }
}
