package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.protocol.ClientCommand.Sync;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** {@code sync}: the replay after a reconnect ({@link SyncService}). */
@ApplicationScoped
public class SyncHandler implements CommandHandler<Sync> {
    private SyncService sync;

    protected SyncHandler() {
    }

    @Inject
    public SyncHandler(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public Class<Sync> handles() {
        return Sync.class;
    }

    @Override
    public CompletionStage<?> handle(Connection connection, Sync command) {
        sync.start(connection, command.lastMessageId());
        return null;
    }
}
