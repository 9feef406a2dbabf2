package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.connection.Replies;
import io.inbox.protocol.ClientCommand.Ping;
import io.inbox.protocol.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** {@code ping}: answered with {@code pong}. */
@ApplicationScoped
public class PingHandler implements CommandHandler<Ping> {
    private Replies replies;

    protected PingHandler() {
    }

    @Inject
    public PingHandler(Replies replies) {
        this.replies = replies;
    }

    @Override
    public Class<Ping> handles() {
        return Ping.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, Ping command) {
        replies.send(connection, new ServerEvent.Pong());
        return null;
    }
}
