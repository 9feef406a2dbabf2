package io.inbox.protocol;

/** A decoded client frame. Each command hands itself to the matching {@link CommandHandler} method. */
public sealed interface ClientCommand permits ClientCommand.SendText, ClientCommand.Ping, ClientCommand.Sync,
        ClientCommand.SetTyping, ClientCommand.MarkRead, ClientCommand.EditMessage, ClientCommand.DeleteMessage {

    <C> void dispatchTo(CommandHandler<C> handler, C context);

    /**
     * Send a message. {@code conversationId} is null when the frame left it out (allowed on
     * {@code /ws/chat/{id}/}, where the path supplies it).
     */
    record SendText(Long conversationId, String message, String clientId) implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.sendText(context, this);
        }
    }

    /** Application-level ping, answered with {@code pong}. */
    record Ping() implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.ping(context, this);
        }
    }

    /** Replay every message of the user's conversations with an id above {@code lastMessageId}, then sync_complete. */
    record Sync(long lastMessageId) implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.sync(context, this);
        }
    }

    /** Typing indicator; {@code conversationId} null when left out (on {@code /ws/chat/{id}/}). */
    record SetTyping(Long conversationId, boolean typing) implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.setTyping(context, this);
        }
    }

    /** Everything up to {@code messageId} is read by the sender. */
    record MarkRead(Long conversationId, long messageId) implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.markRead(context, this);
        }
    }

    /** Replace the text of one's own message. */
    record EditMessage(long messageId, String message) implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.editMessage(context, this);
        }
    }

    /** Delete one's own message. */
    record DeleteMessage(long messageId) implements ClientCommand {
        @Override
        public <C> void dispatchTo(CommandHandler<C> handler, C context) {
            handler.deleteMessage(context, this);
        }
    }
}
