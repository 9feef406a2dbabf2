package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.conversation.ConversationNotFound;
import io.inbox.conversation.ConversationService;
import io.inbox.presence.TypingService;
import io.inbox.protocol.ClientCommand.SetTyping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** {@code typing} (and {@code typing_start} / {@code typing_stop}): forwarded to the other participants, never stored. */
@ApplicationScoped
public class TypingHandler implements CommandHandler<SetTyping> {
    private ConversationService conversations;
    private TypingService typing;

    protected TypingHandler() {
    }

    @Inject
    public TypingHandler(ConversationService conversations, TypingService typing) {
        this.conversations = conversations;
        this.typing = typing;
    }

    @Override
    public Class<SetTyping> handles() {
        return SetTyping.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, SetTyping command) {
        long conversation = connection.conversationFor(command.conversationId());
        if (!conversations.takesPart(connection.userId(), conversation)) {
            throw new ConversationNotFound(conversation);
        }
        typing.set(connection.userId(), conversation, command.typing());
        return null;
    }
}
