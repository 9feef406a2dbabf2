package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.conversation.ConversationService;
import io.inbox.protocol.ClientCommand.SendText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/**
 * {@code TEXT}: stores the message (group commit) and lets delivery bring it to every participant, the
 * sender's connections included: that echo is the sender's acknowledgement. Only a refusal is answered here.
 */
@ApplicationScoped
public class SendTextHandler implements CommandHandler<SendText> {
    private ConversationService conversations;

    protected SendTextHandler() {
    }

    @Inject
    public SendTextHandler(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public Class<SendText> handles() {
        return SendText.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, SendText command) {
        return conversations.post(connection.userId(), connection.conversationFor(command.conversationId()),
                command.message(), command.clientId());
    }
}
