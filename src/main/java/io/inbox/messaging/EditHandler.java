package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.conversation.ConversationService;
import io.inbox.protocol.ClientCommand.EditMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** {@code edit}: the author replaces a message's text; participants get {@code message_updated} once committed. */
@ApplicationScoped
public class EditHandler implements CommandHandler<EditMessage> {
    private ConversationService conversations;

    protected EditHandler() {
    }

    @Inject
    public EditHandler(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public Class<EditMessage> handles() {
        return EditMessage.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, EditMessage command) {
        conversations.edit(connection.userId(), command.messageId(), command.message());
        return null;
    }
}
