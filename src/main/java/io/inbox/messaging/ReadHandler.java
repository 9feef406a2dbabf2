package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.conversation.ConversationService;
import io.inbox.protocol.ClientCommand.MarkRead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** {@code read}: moves the user's read position forward; every participant hears of it once committed. */
@ApplicationScoped
public class ReadHandler implements CommandHandler<MarkRead> {
    private ConversationService conversations;

    protected ReadHandler() {
    }

    @Inject
    public ReadHandler(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public Class<MarkRead> handles() {
        return MarkRead.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, MarkRead command) {
        conversations.markRead(connection.userId(), connection.conversationFor(command.conversationId()), command.messageId());
        return null;
    }
}
