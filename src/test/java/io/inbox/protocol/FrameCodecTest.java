package io.inbox.protocol;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire contract of PROTOCOL.md sections 2 and 3, checked without a container. */
class FrameCodecTest {

    private static final Instant CREATED = Instant.parse("2025-01-15T10:30:00.123Z");
    private static final Instant EDITED = Instant.parse("2025-01-15T10:31:02.500Z");
    private static final String AVATAR = "https://cdn.example.com/avatars/456.png";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    /** The legacy key order of the message object (optional keys last, in this order). */
    private static final List<String> LEGACY_ORDER = List.of("type", "message", "conversation_id", "sender_id",
            "sender_name", "sender_avatar", "created_at", "message_id");

    private final FrameCodec codec = new FrameCodec();

    // ------------------------------------------------------------------ helpers

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonObject golden(String name) {
        String resource = "/golden/" + name + ".json";
        try (InputStream in = FrameCodecTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing golden file " + resource);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of the top-level object, in the order they appear in the text. */
    private static List<String> topLevelKeys(String json) {
        List<String> keys = new ArrayList<>();
        int depth = 0;
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> {
                        if (depth == 1) {
                            keys.add(parser.getString());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return keys;
    }

    private static List<String> legacyOrderWith(String... optional) {
        List<String> keys = new ArrayList<>(LEGACY_ORDER);
        keys.addAll(List.of(optional));
        return keys;
    }

    private static MessageView message(String text, String avatar, String clientId, Instant editedAt) {
        return new MessageView(789, 123, 456, "John Doe", avatar, text, CREATED, clientId, editedAt);
    }

    private String encodeMessage(MessageView view) {
        return codec.encode(new ServerEvent.MessagePosted(view));
    }

    private void assertMatchesGolden(String goldenName, String encoded) {
        assertEquals(golden(goldenName), parse(encoded), () -> "encoded frame differs from golden/" + goldenName
                + ".json: " + encoded);
    }

    private static void assertNumber(JsonObject object, String key) {
        assertEquals(JsonValue.ValueType.NUMBER, object.get(key).getValueType(), key + " must be a JSON number");
    }

    // ------------------------------------------------------------------ encoding

    @Nested
    @DisplayName("encoding: the legacy message object")
    class MessageObject {

        @Test
        @DisplayName("with client_id matches the golden file and the legacy key order")
        void withClientId() {
            String encoded = encodeMessage(message("Hello", AVATAR, "c-1", null));

            assertMatchesGolden("message_with_client_id", encoded);
            assertEquals(legacyOrderWith("client_id"), topLevelKeys(encoded));
        }

        @Test
        @DisplayName("without client_id: the key is absent, not null")
        void withoutClientId() {
            String encoded = encodeMessage(message("Hello", AVATAR, null, null));

            assertMatchesGolden("message_without_client_id", encoded);
            assertEquals(LEGACY_ORDER, topLevelKeys(encoded));
            assertFalse(parse(encoded).containsKey("client_id"));
        }

        @Test
        @DisplayName("a sender without avatar has \"sender_avatar\": null (present, not absent)")
        void senderWithoutAvatar() {
            String encoded = encodeMessage(message("Hello", null, null, null));

            assertMatchesGolden("message_without_avatar", encoded);
            assertEquals(LEGACY_ORDER, topLevelKeys(encoded));
            JsonObject object = parse(encoded);
            assertTrue(object.containsKey("sender_avatar"));
            assertEquals(JsonValue.NULL, object.get("sender_avatar"));
        }

        @Test
        @DisplayName("edited_at appears only when set, after client_id")
        void editedAt() {
            String edited = encodeMessage(message("Hello, edited", AVATAR, "c-1", EDITED));
            String notEdited = encodeMessage(message("Hello", AVATAR, "c-1", null));

            assertMatchesGolden("message_edited", edited);
            assertEquals(legacyOrderWith("client_id", "edited_at"), topLevelKeys(edited));
            assertFalse(parse(notEdited).containsKey("edited_at"));
        }

        @Test
        @DisplayName("edited_at without client_id still comes last")
        void editedAtWithoutClientId() {
            String encoded = encodeMessage(message("Hello", AVATAR, null, EDITED));

            assertEquals(legacyOrderWith("edited_at"), topLevelKeys(encoded));
            assertEquals("2025-01-15T10:31:02.500Z", parse(encoded).getString("edited_at"));
        }

        @Test
        @DisplayName("ids are JSON numbers, full long precision")
        void idsAreNumbers() {
            long big = Long.MAX_VALUE - 1;
            String encoded = encodeMessage(new MessageView(big, big - 1, big - 2, "n", null, "x", CREATED, null, null));
            JsonObject object = parse(encoded);

            assertAll(
                    () -> assertNumber(object, "message_id"),
                    () -> assertNumber(object, "conversation_id"),
                    () -> assertNumber(object, "sender_id"),
                    () -> assertEquals(big, object.getJsonNumber("message_id").longValueExact()),
                    () -> assertEquals(big - 1, object.getJsonNumber("conversation_id").longValueExact()),
                    () -> assertEquals(big - 2, object.getJsonNumber("sender_id").longValueExact()));
            assertTrue(encoded.contains("\"message_id\":" + big), encoded);
        }
    }

    @Nested
    @DisplayName("encoding: other server frames")
    class OtherFrames {

        @Test
        void connectionEstablished() {
            String encoded = codec.encode(new ServerEvent.ConnectionEstablished(456, 25));

            assertMatchesGolden("connection_established", encoded);
            assertNumber(parse(encoded), "user_id");
            assertNumber(parse(encoded), "heartbeat_interval");
        }

        @Test
        void pong() {
            assertMatchesGolden("pong", codec.encode(new ServerEvent.Pong()));
        }

        @Test
        void conversationCreated() {
            String encoded = codec.encode(new ServerEvent.ConversationCreated(
                    new ConversationView(123, "Project chat", List.of(456L, 457L, 9007199254740993L))));

            assertMatchesGolden("conversation_created", encoded);
            JsonObject conversation = parse(encoded).getJsonObject("conversation");
            assertNumber(conversation, "id");
            conversation.getJsonArray("participant_ids")
                    .forEach(id -> assertEquals(JsonValue.ValueType.NUMBER, id.getValueType()));
        }

        @Test
        @DisplayName("conversation_created without a title has \"title\": null")
        void conversationCreatedWithoutTitle() {
            String encoded = codec.encode(new ServerEvent.ConversationCreated(
                    new ConversationView(124, null, List.of(456L, 457L))));

            assertMatchesGolden("conversation_created_without_title", encoded);
            JsonObject conversation = parse(encoded).getJsonObject("conversation");
            assertTrue(conversation.containsKey("title"));
            assertEquals(JsonValue.NULL, conversation.get("title"));
        }

        @Test
        @DisplayName("error without conversation_id/client_id: both keys absent, not null")
        void errorMinimal() {
            String encoded = codec.encode(new ServerEvent.Error(ErrorCode.MALFORMED, "invalid JSON", null, null));

            assertMatchesGolden("error_minimal", encoded);
            JsonObject object = parse(encoded);
            assertFalse(object.containsKey("conversation_id"));
            assertFalse(object.containsKey("client_id"));
            assertNumber(object, "code");
        }

        @Test
        void errorWithConversationAndClientId() {
            String encoded = codec.encode(new ServerEvent.Error(ErrorCode.RATE_LIMITED, "rate limited", 123L, "c-1"));

            assertMatchesGolden("error_with_correlation", encoded);
            assertNumber(parse(encoded), "conversation_id");
        }

        @Test
        void errorWithClientIdOnly() {
            String encoded = codec.encode(
                    new ServerEvent.Error(ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable", null, "c-2"));

            assertMatchesGolden("error_with_client_id_only", encoded);
            assertFalse(parse(encoded).containsKey("conversation_id"));
        }

        @Test
        @DisplayName("the message object's type is FrameType.TEXT; events report their conversation")
        void frameTypes() {
            JsonValue type = parse(encodeMessage(message("x", null, null, null))).get("type");
            assertEquals(FrameType.TEXT, ((JsonString) type).getString());
            assertNull(new ServerEvent.Pong().conversationId());
            assertEquals(123L, new ServerEvent.MessagePosted(message("x", null, null, null)).conversationId());
        }

        @Test
        @DisplayName("every error code is encoded as its number")
        void errorCodes() {
            for (ErrorCode code : ErrorCode.values()) {
                JsonObject object = parse(codec.encode(new ServerEvent.Error(code, "m", null, null)));
                assertEquals(code.code(), object.getInt("code"), code.name());
            }
        }
    }

    @Nested
    @DisplayName("timestamps: exactly 3 fraction digits and Z")
    class Timestamps {

        @Test
        void millisecondsKept() {
            assertEquals("2025-01-15T10:30:00.123Z", FrameCodec.timestamp(CREATED));
        }

        @Test
        @DisplayName("zero millis still has .000")
        void zeroMillis() {
            assertEquals("2025-01-15T10:30:00.000Z", FrameCodec.timestamp(Instant.parse("2025-01-15T10:30:00Z")));
        }

        @Test
        @DisplayName("nanoseconds are truncated, never rounded up past the second")
        void nanosTruncated() {
            assertEquals("2025-01-15T10:30:59.999Z",
                    FrameCodec.timestamp(Instant.parse("2025-01-15T10:30:59.999999999Z")));
            assertEquals("2025-12-31T23:59:59.999Z",
                    FrameCodec.timestamp(Instant.parse("2025-12-31T23:59:59.999500001Z")));
            assertEquals("2025-01-15T10:30:00.001Z",
                    FrameCodec.timestamp(Instant.parse("2025-01-15T10:30:00.001999Z")));
        }

        @Test
        @DisplayName("the epoch and a microsecond instant")
        void otherInstants() {
            assertEquals("1970-01-01T00:00:00.000Z", FrameCodec.timestamp(Instant.EPOCH));
            assertEquals("2025-01-15T10:30:00.000Z", FrameCodec.timestamp(Instant.parse("2025-01-15T10:30:00.000999Z")));
        }

        @Test
        @DisplayName("created_at and edited_at in frames use the same format")
        void inFrames() {
            Instant zero = Instant.parse("2025-01-15T10:30:00Z");
            Instant nanos = Instant.parse("2025-01-15T10:30:59.999999999Z");
            JsonObject object = parse(encodeMessage(
                    new MessageView(1, 2, 3, "n", null, "x", zero, null, nanos)));

            assertEquals("2025-01-15T10:30:00.000Z", object.getString("created_at"));
            assertEquals("2025-01-15T10:30:59.999Z", object.getString("edited_at"));
            assertTrue(TIMESTAMP.matcher(object.getString("created_at")).matches());
            assertTrue(TIMESTAMP.matcher(object.getString("edited_at")).matches());
        }
    }

    // ------------------------------------------------------------------ decoding

    @Nested
    @DisplayName("decoding client frames")
    class Decoding {

        @Test
        @DisplayName("the legacy frame {conversation_id, message, type: TEXT}")
        void legacyFrame() {
            assertEquals(new ClientCommand.SendText(123L, "Hello", null),
                    codec.decode("{\"conversation_id\": 123, \"message\": \"Hello\", \"type\": \"TEXT\"}"));
        }

        @Test
        void withClientId() {
            assertEquals(new ClientCommand.SendText(123L, "Hello", "c-1"),
                    codec.decode("{\"type\": \"TEXT\", \"conversation_id\": 123, \"message\": \"Hello\", "
                            + "\"client_id\": \"c-1\"}"));
        }

        @Test
        @DisplayName("a client_id of exactly 64 characters is accepted")
        void clientIdAtLimit() {
            String clientId = "x".repeat(ClientId.MAX_LENGTH);
            ClientCommand command = codec.decode(
                    "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"m\",\"client_id\":\"" + clientId + "\"}");
            assertEquals(new ClientCommand.SendText(1L, "m", clientId), command);
        }

        @Test
        @DisplayName("unknown extra fields are ignored")
        void unknownFieldsIgnored() {
            assertEquals(new ClientCommand.SendText(123L, "Hello", "c-1"),
                    codec.decode("{\"type\":\"TEXT\",\"conversation_id\":123,\"message\":\"Hello\","
                            + "\"client_id\":\"c-1\",\"extra\":{\"nested\":[1,2,3]},\"is_typing\":true,"
                            + "\"x\":null}"));
            assertEquals(new ClientCommand.Ping(), codec.decode("{\"type\":\"ping\",\"foo\":\"bar\"}"));
        }

        @Test
        void ping() {
            assertInstanceOf(ClientCommand.Ping.class, codec.decode("{\"type\":\"ping\"}"));
        }

        @Test
        @DisplayName("conversation_id absent -> null (the endpoint decides)")
        void conversationIdAbsent() {
            assertEquals(new ClientCommand.SendText(null, "Hello", null),
                    codec.decode("{\"type\":\"TEXT\",\"message\":\"Hello\"}"));
        }

        @Test
        @DisplayName("conversation_id: null -> null")
        void conversationIdNull() {
            assertEquals(new ClientCommand.SendText(null, "Hello", null),
                    codec.decode("{\"type\":\"TEXT\",\"conversation_id\":null,\"message\":\"Hello\"}"));
        }

        @Test
        @DisplayName("client_id: null -> null")
        void clientIdNull() {
            assertEquals(new ClientCommand.SendText(7L, "Hello", null),
                    codec.decode("{\"type\":\"TEXT\",\"conversation_id\":7,\"message\":\"Hello\",\"client_id\":null}"));
        }

        @Test
        @DisplayName("conversation_id = Long.MAX_VALUE is accepted")
        void largestId() {
            assertEquals(new ClientCommand.SendText(Long.MAX_VALUE, "m", null),
                    codec.decode("{\"type\":\"TEXT\",\"conversation_id\":" + Long.MAX_VALUE + ",\"message\":\"m\"}"));
        }

        @Test
        @DisplayName("unicode and emoji (raw and \\u-escaped) are preserved")
        void unicodeAndEmoji() {
            String text = "Grüße, 你好, مرحبا, שלום 👋🏽 👨‍👩‍👧‍👦 🇫🇷";
            ClientCommand raw = codec.decode("{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"" + text + "\"}");
            assertEquals(new ClientCommand.SendText(1L, text, null), raw);

            ClientCommand escaped = codec.decode(
                    "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"\\ud83d\\udc4b \\u00e9\"}");
            assertEquals(new ClientCommand.SendText(1L, "👋 é", null), escaped);

            JsonObject reEncoded = parse(encodeMessage(
                    new MessageView(1, 1, 1, "Zoë 😀", null, text, CREATED, "ü-1", null)));
            assertEquals(text, reEncoded.getString("message"));
            assertEquals("Zoë 😀", reEncoded.getString("sender_name"));
            assertEquals("ü-1", reEncoded.getString("client_id"));
        }

        @Test
        @DisplayName("quotes, backslashes, newlines and control characters round-trip through a MessageView")
        void escapingRoundTrip() {
            String frame = "{\"type\":\"TEXT\",\"conversation_id\":42,"
                    + "\"message\":\"she said \\\"hi\\\"\\n\\\\path\\\\to\\\\file\\r\\n\\ttab \\u0000 \\u001f </script> \\/\"}";
            ClientCommand.SendText command = assertInstanceOf(ClientCommand.SendText.class, codec.decode(frame));
            String expected = "she said \"hi\"\n\\path\\to\\file\r\n\ttab \u0000 \u001f </script> /";
            assertEquals(expected, command.message());

            String encoded = encodeMessage(new MessageView(9, command.conversationId(), 1, "n", null,
                    command.message(), CREATED, command.clientId(), null));
            assertEquals(expected, parse(encoded).getString("message"));
            assertFalse(encoded.contains("\n"), "raw newline in an encoded frame: " + encoded);
        }

        @Test
        @DisplayName("an empty message is decoded: length rules are the endpoint's")
        void emptyMessageIsDecoded() {
            assertEquals(new ClientCommand.SendText(1L, "", null),
                    codec.decode("{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"\"}"));
        }
    }

    // ------------------------------------------------------------------ malformed frames

    @Nested
    @DisplayName("malformed frames")
    class Malformed {

        static Stream<Arguments> malformedFrames() {
            String longClientId = "c".repeat(ClientId.MAX_LENGTH + 1);
            return Stream.of(
                    Arguments.of("not JSON", "hello"),
                    Arguments.of("truncated JSON", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"Hel"),
                    Arguments.of("truncated after a key", "{\"type\":"),
                    Arguments.of("trailing garbage after the object",
                            "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"x\"} garbage"),
                    Arguments.of("two objects in one frame", "{\"type\":\"ping\"}{\"type\":\"ping\"}"),
                    Arguments.of("empty string", ""),
                    Arguments.of("whitespace only", "   \n "),
                    Arguments.of("JSON array", "[{\"type\":\"ping\"}]"),
                    Arguments.of("JSON string", "\"ping\""),
                    Arguments.of("JSON number", "42"),
                    Arguments.of("JSON null", "null"),
                    Arguments.of("JSON boolean", "true"),
                    Arguments.of("missing type", "{\"conversation_id\":1,\"message\":\"Hello\"}"),
                    Arguments.of("type null", "{\"type\":null,\"conversation_id\":1,\"message\":\"Hello\"}"),
                    Arguments.of("type a number", "{\"type\":1,\"conversation_id\":1,\"message\":\"Hello\"}"),
                    Arguments.of("type an object", "{\"type\":{\"name\":\"TEXT\"},\"conversation_id\":1,\"message\":\"x\"}"),
                    Arguments.of("type an array", "{\"type\":[\"TEXT\"],\"conversation_id\":1,\"message\":\"x\"}"),
                    Arguments.of("unknown type", "{\"type\":\"shout\",\"conversation_id\":1,\"message\":\"Hello\"}"),
                    Arguments.of("type with wrong case (text)", "{\"type\":\"text\",\"conversation_id\":1,\"message\":\"x\"}"),
                    Arguments.of("type with wrong case (PING)", "{\"type\":\"PING\"}"),
                    Arguments.of("TEXT without message", "{\"type\":\"TEXT\",\"conversation_id\":1}"),
                    Arguments.of("message null", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":null}"),
                    Arguments.of("message a number", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":7}"),
                    Arguments.of("message an array", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":[\"Hello\"]}"),
                    Arguments.of("message an object", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":{\"t\":\"x\"}}"),
                    Arguments.of("message a boolean", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":true}"),
                    Arguments.of("conversation_id a string", "{\"type\":\"TEXT\",\"conversation_id\":\"1\",\"message\":\"x\"}"),
                    Arguments.of("conversation_id a float (1.5)", "{\"type\":\"TEXT\",\"conversation_id\":1.5,\"message\":\"x\"}"),
                    Arguments.of("conversation_id zero", "{\"type\":\"TEXT\",\"conversation_id\":0,\"message\":\"x\"}"),
                    Arguments.of("conversation_id negative", "{\"type\":\"TEXT\",\"conversation_id\":-3,\"message\":\"x\"}"),
                    Arguments.of("conversation_id larger than Long.MAX_VALUE",
                            "{\"type\":\"TEXT\",\"conversation_id\":9223372036854775808,\"message\":\"x\"}"),
                    Arguments.of("conversation_id far larger than Long.MAX_VALUE",
                            "{\"type\":\"TEXT\",\"conversation_id\":123456789012345678901234567890,\"message\":\"x\"}"),
                    Arguments.of("conversation_id a boolean", "{\"type\":\"TEXT\",\"conversation_id\":true,\"message\":\"x\"}"),
                    Arguments.of("conversation_id an object", "{\"type\":\"TEXT\",\"conversation_id\":{},\"message\":\"x\"}"),
                    Arguments.of("client_id a number", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"x\",\"client_id\":5}"),
                    Arguments.of("client_id empty", "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"x\",\"client_id\":\"\"}"),
                    Arguments.of("client_id 65 characters",
                            "{\"type\":\"TEXT\",\"conversation_id\":1,\"message\":\"x\",\"client_id\":\"" + longClientId + "\"}"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedFrames")
        @DisplayName("malformed frame -> FrameException(MALFORMED) with a clean message")
        void malformed(String name, String frame) {
            FrameException e = assertThrows(FrameException.class, () -> codec.decode(frame), name);

            assertEquals(ErrorCode.MALFORMED, e.code());
            assertCleanMessage(e.getMessage());
            ServerEvent.Error event = e.toEvent();
            assertEquals(ErrorCode.MALFORMED, event.code());
            assertEquals(4400, parse(codec.encode(event)).getInt("code"));
        }

        private static void assertCleanMessage(String message) {
            assertNotNull(message);
            assertFalse(message.isBlank(), "blank error message");
            for (String leak : List.of("Exception", "Error:", "jakarta.", "java.", "org.eclipse", "parsson", "at io.")) {
                assertFalse(message.contains(leak), () -> "error message leaks internals (" + leak + "): " + message);
            }
        }

        static Stream<Arguments> correlatedMalformedFrames() {
            return Stream.of(
                    Arguments.of("message a number", "{\"type\":\"TEXT\",\"conversation_id\":5,\"client_id\":\"c-9\",\"message\":7}",
                            5L, "c-9"),
                    Arguments.of("message missing", "{\"type\":\"TEXT\",\"conversation_id\":5,\"client_id\":\"c-9\"}", 5L, "c-9"),
                    Arguments.of("message null", "{\"type\":\"TEXT\",\"conversation_id\":5,\"client_id\":\"c-9\",\"message\":null}",
                            5L, "c-9"),
                    Arguments.of("unknown type", "{\"type\":\"shout\",\"conversation_id\":5,\"client_id\":\"c-9\"}", 5L, "c-9"),
                    Arguments.of("type a number", "{\"type\":3,\"conversation_id\":5,\"client_id\":\"c-9\"}", 5L, "c-9"),
                    Arguments.of("missing type", "{\"conversation_id\":5,\"client_id\":\"c-9\",\"message\":\"x\"}", 5L, "c-9"),
                    Arguments.of("conversation_id a string (client_id still carried)",
                            "{\"type\":\"TEXT\",\"conversation_id\":\"5\",\"client_id\":\"c-9\",\"message\":\"x\"}", null, "c-9"),
                    Arguments.of("conversation_id zero (client_id still carried)",
                            "{\"type\":\"TEXT\",\"conversation_id\":0,\"client_id\":\"c-9\",\"message\":\"x\"}", null, "c-9"),
                    Arguments.of("client_id a number (conversation_id still carried)",
                            "{\"type\":\"TEXT\",\"conversation_id\":5,\"client_id\":9,\"message\":\"x\"}", 5L, null),
                    Arguments.of("client_id 65 characters (not echoed)",
                            "{\"type\":\"TEXT\",\"conversation_id\":5,\"client_id\":\"" + "c".repeat(65) + "\",\"message\":\"x\"}",
                            5L, null),
                    Arguments.of("no correlation fields", "{\"type\":\"TEXT\",\"message\":7}", null, null),
                    Arguments.of("invalid JSON", "{\"type\":\"TEXT\",\"conversation_id\":5,\"client_id\":\"c-9\"", null, null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("correlatedMalformedFrames")
        @DisplayName("the error carries the frame's parseable conversation_id and client_id")
        void malformedCarriesCorrelation(String name, String frame, Long conversationId, String clientId) {
            FrameException e = assertThrows(FrameException.class, () -> codec.decode(frame), name);

            assertEquals(ErrorCode.MALFORMED, e.code());
            assertEquals(conversationId, e.conversationId(), "conversationId");
            assertEquals(clientId, e.clientId(), "clientId");

            JsonObject error = parse(codec.encode(e.toEvent()));
            assertEquals("error", error.getString("type"));
            assertEquals(conversationId != null, error.containsKey("conversation_id"));
            assertEquals(clientId != null, error.containsKey("client_id"));
            if (clientId != null) {
                assertEquals(clientId, error.getString("client_id"));
            }
            if (conversationId != null) {
                assertEquals(conversationId.longValue(), error.getJsonNumber("conversation_id").longValueExact());
            }
        }

        @Test
        @DisplayName("an unknown type is echoed truncated: a 10,000-char type does not make a 10,000-char error")
        void unknownTypeIsTruncated() {
            String type = "T".repeat(10_000);
            FrameException e = assertThrows(FrameException.class,
                    () -> codec.decode("{\"type\":\"" + type + "\"}"));

            assertEquals(ErrorCode.MALFORMED, e.code());
            assertTrue(e.getMessage().length() < 100, "error message of " + e.getMessage().length() + " chars");
            assertTrue(e.getMessage().contains("TTTT"), "the start of the type is echoed: " + e.getMessage());
            assertTrue(codec.encode(e.toEvent()).length() < 200);
        }

        @Test
        @DisplayName("a short unknown type is echoed in full")
        void shortUnknownTypeEchoed() {
            FrameException e = assertThrows(FrameException.class, () -> codec.decode("{\"type\":\"typingz\"}"));
            assertTrue(e.getMessage().contains("typingz"), e.getMessage());
        }

        @Test
        @DisplayName("truncating an unknown type never splits a surrogate pair (the error frame stays valid UTF-8)")
        void truncationKeepsSurrogatePairs() {
            // 31 ASCII characters then emoji: a cut after 32 UTF-16 units falls inside the first emoji
            String type = "a".repeat(31) + "😀".repeat(20);
            FrameException e = assertThrows(FrameException.class,
                    () -> codec.decode("{\"type\":\"" + type + "\"}"));

            String message = e.getMessage();
            for (int i = 0; i < message.length(); i++) {
                char c = message.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1)),
                            "lone high surrogate at index " + i + " of the error message");
                    i++;
                } else {
                    assertFalse(Character.isLowSurrogate(c), "lone low surrogate at index " + i + " of the error message");
                }
            }
            String encoded = codec.encode(e.toEvent());
            assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(encoded), "the error frame cannot be encoded as UTF-8");
        }
    }
}
