package io.inbox.protocol;

/** Every frame the server sends. Encoded once by {@link FrameCodec}, whatever the number of recipients. */
public sealed interface ServerEvent permits ServerEvent.ConnectionEstablished, ServerEvent.Pong,
        ServerEvent.MessagePosted, ServerEvent.ConversationCreated, ServerEvent.Error,
        ServerEvent.SyncComplete {

    /** The conversation this event belongs to, or null for connection-level events. */
    Long conversationId();

    /** Hands this event to the matching method of {@code writer} (exhaustive double dispatch). */
    void writeTo(EventWriter writer);

    /** One method per kind of event: adding an event adds a method, so no encoder can forget one. */
    interface EventWriter {
        void connectionEstablished(ConnectionEstablished event);

        void pong(Pong event);

        void messagePosted(MessagePosted event);

        void conversationCreated(ConversationCreated event);

        void error(Error event);

        void syncComplete(SyncComplete event);
    }

    /** Sent once after the handshake was accepted. */
    record ConnectionEstablished(long userId, int heartbeatIntervalSeconds) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.connectionEstablished(this);
        }

        @Override
        public Long conversationId() {
            return null;
        }
    }

    /** The answer to a client {@code ping}. */
    record Pong() implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.pong(this);
        }

        @Override
        public Long conversationId() {
            return null;
        }
    }

    /** A committed message (type {@code TEXT}). */
    record MessagePosted(MessageView message) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.messagePosted(this);
        }

        @Override
        public Long conversationId() {
            return message.conversationId();
        }
    }

    /** A conversation the recipient takes part in was created. */
    record ConversationCreated(ConversationView conversation) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.conversationCreated(this);
        }

        @Override
        public Long conversationId() {
            return conversation.id();
        }
    }

    /** A client frame failed; the connection stays open. */
    record Error(ErrorCode code, String message, Long conversationId, String clientId) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.error(this);
        }

    }

    /** The replay that {@code sync} asked for is complete; {@code lastMessageId} is the client's new cursor. */
    record SyncComplete(long lastMessageId) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.syncComplete(this);
        }

        @Override
        public Long conversationId() {
            return null;
        }
    }
}
