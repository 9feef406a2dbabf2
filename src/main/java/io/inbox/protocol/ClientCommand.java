package io.inbox.protocol;

/**
 * A decoded client frame. One handler per kind (package {@code io.inbox.messaging}); adding a kind adds a
 * record here, its decoding in {@link FrameCodec}, and its handler.
 */
public sealed interface ClientCommand permits ClientCommand.InConversation, ClientCommand.Ping, ClientCommand.Sync,
        ClientCommand.EditMessage, ClientCommand.DeleteMessage {

    /** The frame's {@code type}, as metrics count it. */
    String type();

    /** The {@code client_id} the client correlates answers with, if the frame has one. */
    default String clientId() {
        return null;
    }

    /**
     * A command about one conversation: {@code conversationId} is null when the frame left it out (allowed on
     * {@code /ws/chat/{id}/}, where the path supplies it).
     */
    sealed interface InConversation extends ClientCommand permits SendText, SetTyping, MarkRead {
        Long conversationId();
    }

    /** Send a message. */
    record SendText(Long conversationId, String message, String clientId) implements InConversation {
        @Override
        public String type() {
            return FrameType.TEXT;
        }
    }

    /** Application-level ping, answered with {@code pong}. */
    record Ping() implements ClientCommand {
        @Override
        public String type() {
            return FrameType.PING;
        }
    }

    /** Replay every message of the user's conversations with an id above {@code lastMessageId}, then sync_complete. */
    record Sync(long lastMessageId) implements ClientCommand {
        @Override
        public String type() {
            return FrameType.SYNC;
        }
    }

    /** Typing indicator. */
    record SetTyping(Long conversationId, boolean typing) implements InConversation {
        @Override
        public String type() {
            return FrameType.TYPING;
        }
    }

    /** Everything up to {@code messageId} is read by the sender. */
    record MarkRead(Long conversationId, long messageId) implements InConversation {
        @Override
        public String type() {
            return FrameType.READ;
        }
    }

    /** Replace the text of one's own message. */
    record EditMessage(long messageId, String message) implements ClientCommand {
        @Override
        public String type() {
            return FrameType.EDIT;
        }
    }

    /** Delete one's own message. */
    record DeleteMessage(long messageId) implements ClientCommand {
        @Override
        public String type() {
            return FrameType.DELETE;
        }
    }
}
