package io.inbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.conversation.ConversationSummary;
import io.inbox.presence.ConnectionInfo;
import io.inbox.protocol.ConversationView;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.MessageView;
import io.inbox.protocol.ServerEvent;
import io.inbox.user.Profile;
import jakarta.json.bind.Jsonb;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact bytes of each REST response body as JSON-B writes it with the API's configuration: the same as the
 * WebSocket frames that FrameCodec writes for the same message or conversation, and as the hand-written bodies the
 * API answered before (golden strings): field names, order, nulls, number and time formats.
 */
class ResponseBodiesTest {
    private static final Jsonb JSONB = new JsonBinding().getContext(Object.class);
    private static final FrameCodec CODEC = new FrameCodec();
    private static final Instant CREATED = Instant.parse("2025-01-15T10:30:00.123Z");
    private static final Instant EDITED = Instant.parse("2025-01-15T10:31:02.500Z");

    private static final MessageView WITH_CLIENT_ID = new MessageView(789, 123, 456, "John Doe",
            "https://cdn.example.com/avatars/456.png", "Hello", CREATED, "c-1", null);
    private static final MessageView BARE_SENDER = new MessageView(789, 123, 456, null, null, "Hello",
            Instant.parse("2025-01-15T10:30:00Z"), null, null);
    private static final MessageView EDITED_WITH_ESCAPES = new MessageView(9007199254740993L, 123, 456,
            "Zoë \"Z\" <z>", null, "line\nbreak \u2028 \\ / \u0001 é 😀", CREATED, "c-2", EDITED);

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(WITH_CLIENT_ID, "{\"type\":\"TEXT\",\"message\":\"Hello\",\"conversation_id\":123,"
                        + "\"sender_id\":456,\"sender_name\":\"John Doe\","
                        + "\"sender_avatar\":\"https://cdn.example.com/avatars/456.png\","
                        + "\"created_at\":\"2025-01-15T10:30:00.123Z\",\"message_id\":789,\"client_id\":\"c-1\"}"),
                Arguments.of(BARE_SENDER, "{\"type\":\"TEXT\",\"message\":\"Hello\",\"conversation_id\":123,"
                        + "\"sender_id\":456,\"sender_name\":null,\"sender_avatar\":null,"
                        + "\"created_at\":\"2025-01-15T10:30:00.000Z\",\"message_id\":789}"),
                Arguments.of(EDITED_WITH_ESCAPES, "{\"type\":\"TEXT\",\"message\":\"line\\nbreak \u2028 \\\\ / \\u0001 é 😀\","
                        + "\"conversation_id\":123,\"sender_id\":456,\"sender_name\":\"Zoë \\\"Z\\\" <z>\","
                        + "\"sender_avatar\":null,\"created_at\":\"2025-01-15T10:30:00.123Z\","
                        + "\"message_id\":9007199254740993,\"client_id\":\"c-2\",\"edited_at\":\"2025-01-15T10:31:02.500Z\"}"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aMessageIsTheGoldenBytes(MessageView view, String golden) {
        assertEquals(golden, JSONB.toJson(MessageBody.of(view)));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aMessageIsByteForByteTheTextFrame(MessageView view, String golden) {
        assertEquals(CODEC.encode(new ServerEvent.MessagePosted(view)), JSONB.toJson(MessageBody.of(view)));
    }

    private static final Map<Long, Profile> PROFILES = Map.of(1L, new Profile(1, "alice", "Alice", null),
            2L, new Profile(2, "bob", "Bob", "https://a/2.png"));

    @Test
    void aConversationIsTheConversationCreatedFrameObjectWithItsParticipantsNamed() {
        for (ConversationView c : List.of(new ConversationView(5, "Lunch", List.of(1L, 2L)),
                new ConversationView(6, null, List.of(3L)))) {
            String frame = CODEC.encode(new ServerEvent.ConversationCreated(c));
            String object = frame.substring(frame.indexOf("\"conversation\":") + "\"conversation\":".length(),
                    frame.length() - 1);
            String body = JSONB.toJson(ConversationBody.of(c, PROFILES));
            assertTrue(body.startsWith(object.substring(0, object.length() - 1) + ",\"participants\":["), body);
        }
        assertEquals("{\"id\":5,\"title\":\"Lunch\",\"participant_ids\":[1,2],\"participants\":["
                        + "{\"id\":1,\"username\":\"alice\",\"name\":\"Alice\",\"avatar\":null},"
                        + "{\"id\":2,\"username\":\"bob\",\"name\":\"Bob\",\"avatar\":\"https://a/2.png\"}]}",
                JSONB.toJson(ConversationBody.of(new ConversationView(5, "Lunch", List.of(1L, 2L)), PROFILES)));
        assertEquals("{\"id\":6,\"title\":null,\"participant_ids\":[3],\"participants\":["
                        + "{\"id\":3,\"username\":null,\"name\":null,\"avatar\":null}]}",
                JSONB.toJson(ConversationBody.of(new ConversationView(6, null, List.of(3L)), PROFILES)));
    }

    @Test
    void aConversationListHasTheConversationFieldsTheLastMessageOrNullAndTheUnreadCount() {
        ResultPage<ConversationEntry> page = new ResultPage<>(List.of(
                ConversationEntry.of(new ConversationSummary(new ConversationView(5, "Lunch", List.of(1L, 456L)),
                        WITH_CLIENT_ID, 3), PROFILES),
                ConversationEntry.of(new ConversationSummary(new ConversationView(6, null, List.of(1L)), null, 0),
                        PROFILES)),
                "http://localhost/api/conversations/?offset=2&limit=2");
        String alice = "{\"id\":1,\"username\":\"alice\",\"name\":\"Alice\",\"avatar\":null}";
        assertEquals("{\"results\":[{\"id\":5,\"title\":\"Lunch\",\"participant_ids\":[1,456],\"participants\":["
                + alice + ",{\"id\":456,\"username\":null,\"name\":null,\"avatar\":null}],\"last_message\":"
                + CODEC.encode(new ServerEvent.MessagePosted(WITH_CLIENT_ID)) + ",\"unread_count\":3},"
                + "{\"id\":6,\"title\":null,\"participant_ids\":[1],\"participants\":[" + alice
                + "],\"last_message\":null,\"unread_count\":0}],"
                + "\"next\":\"http://localhost/api/conversations/?offset=2&limit=2\"}", JSONB.toJson(page));
    }

    @Test
    void aMessagePageEndsWithANullNext() {
        assertEquals("{\"results\":[" + CODEC.encode(new ServerEvent.MessagePosted(BARE_SENDER)) + "],\"next\":null}",
                JSONB.toJson(new ResultPage<>(List.of(MessageBody.of(BARE_SENDER)), null)));
        assertEquals("{\"results\":[],\"next\":null}", JSONB.toJson(new ResultPage<>(List.of(), null)));
    }

    @Test
    void theCallerHasNullsForWhatABareUserLacks() {
        assertEquals("{\"id\":7,\"username\":\"alice\",\"name\":\"Alice\",\"avatar\":\"https://a/7.png\"}",
                JSONB.toJson(new Person(7, "alice", "Alice", "https://a/7.png")));
        assertEquals("{\"id\":7,\"username\":null,\"name\":null,\"avatar\":null}",
                JSONB.toJson(new Person(7, null, null, null)));
    }

    @Test
    void theSmallBodies() {
        assertEquals("{\"detail\":\"Not found.\"}", JSONB.toJson(new Detail("Not found.")));
        assertEquals("{\"token\":\"t.k.n\",\"user_id\":1,\"expires_in\":43200}",
                JSONB.toJson(new DevTokenResource.DevToken("t.k.n", 1, 43200)));
        assertEquals("{\"recipients\":2}", JSONB.toJson(new PublishResource.Recipients(2)));
        assertEquals("{\"user_id\":9,\"closed_on_this_instance\":2}",
                JSONB.toJson(new AdminResource.Disconnected(9, 2)));
    }

    @Test
    void adminConnectionsWriteSinceAsInstantToStringAndUnknownFieldsAsNull() {
        Instant since = Instant.parse("2026-01-15T10:30:00.123456789Z");
        for (Instant at : List.of(since, Instant.parse("2026-01-15T10:30:00Z"), Instant.parse("2026-01-15T10:30:00.100Z"))) {
            assertEquals("{\"results\":[{\"connection_id\":\"c-1\",\"instance\":\"node-a\",\"endpoint\":\"/ws/inbox/\","
                            + "\"since\":\"" + at + "\",\"remote_address\":\"127.0.0.1\"}],\"next\":null}",
                    JSONB.toJson(new ResultPage<>(List.of(AdminResource.Connection.of(
                            new ConnectionInfo("c-1", "node-a", "/ws/inbox/", at, "127.0.0.1"))), null)));
        }
        assertEquals("{\"connection_id\":\"c-2\",\"instance\":null,\"endpoint\":null,\"since\":null,\"remote_address\":null}",
                JSONB.toJson(AdminResource.Connection.of(new ConnectionInfo("c-2", null, null, null, null))));
    }

    @Test
    void adminStatsKeepTheEndpointsInTheirOrder() {
        Map<String, Integer> byEndpoint = new LinkedHashMap<>();
        byEndpoint.put("/ws/inbox/", 2);
        byEndpoint.put("/ws/chat/", 1);
        assertEquals("{\"connections\":3,\"connections_by_endpoint\":{\"/ws/inbox/\":2,\"/ws/chat/\":1},"
                        + "\"cluster_enabled\":false,\"cluster_members\":1,\"delivered_up_to_message_id\":812}",
                JSONB.toJson(new AdminResource.Stats(3, byEndpoint, false, 1, 812)));
    }
}
