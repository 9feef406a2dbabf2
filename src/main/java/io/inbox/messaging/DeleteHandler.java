package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.conversation.ConversationService;
import io.inbox.protocol.ClientCommand.DeleteMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** {@code delete}: the author deletes a message; participants get {@code message_deleted} once committed. */
@ApplicationScoped
public class DeleteHandler implements CommandHandler<DeleteMessage> {
    private ConversationService conversations;

    protected DeleteHandler() {
    }

    @Inject
    public DeleteHandler(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public Class<DeleteMessage> handles() {
        return DeleteMessage.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, DeleteMessage command) {
        conversations.delete(connection.userId(), command.messageId());
        return null;
    }
}
