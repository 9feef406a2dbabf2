package io.inbox.protocol;

/** Every frame the server sends. Encoded once by {@link FrameCodec}, whatever the number of recipients. */
public sealed interface ServerEvent permits ServerEvent.ConnectionEstablished, ServerEvent.Pong,
        ServerEvent.MessagePosted, ServerEvent.ConversationCreated, ServerEvent.Error,
        ServerEvent.SyncComplete, ServerEvent.Typing, ServerEvent.Read, ServerEvent.MessageUpdated,
        ServerEvent.MessageDeleted, ServerEvent.Presence, ServerEvent.PresenceList {

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

        void typing(Typing event);

        void read(Read event);

        void messageUpdated(MessageUpdated event);

        void messageDeleted(MessageDeleted event);

        void presence(Presence event);

        void presenceList(PresenceList event);
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

    /** Someone is (or stopped) typing in a conversation. */
    record Typing(Long conversationId, long userId, boolean typing) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.typing(this);
        }
    }

    /** A participant has read everything up to {@code messageId}. */
    record Read(Long conversationId, long userId, long messageId, java.time.Instant readAt) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.read(this);
        }
    }

    /** A message's text was edited by its author. */
    record MessageUpdated(Long conversationId, long messageId, String message, java.time.Instant editedAt)
            implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.messageUpdated(this);
        }
    }

    /** A message was deleted by its author. */
    record MessageDeleted(Long conversationId, long messageId) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.messageDeleted(this);
        }
    }

    /** A user's presence changed. {@code lastSeenAt} may be null (never seen since this server started). */
    record Presence(PresenceView presence) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.presence(this);
        }

        @Override
        public Long conversationId() {
            return null;
        }
    }

    /** Everyone who shares a conversation with the recipient, sent once on connect. */
    record PresenceList(java.util.List<PresenceView> users) implements ServerEvent {
        @Override
        public void writeTo(EventWriter writer) {
            writer.presenceList(this);
        }

        @Override
        public Long conversationId() {
            return null;
        }
    }
}
