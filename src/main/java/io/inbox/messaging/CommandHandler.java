package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.protocol.ClientCommand;
import java.util.concurrent.CompletionStage;

/**
 * Carries out one kind of client command for a connection. A refusal is thrown, or completes the returned
 * stage exceptionally, as a domain exception; the {@link CommandDispatcher} answers it with an error frame.
 *
 * @param <T> the kind of command
 */
public interface CommandHandler<T extends ClientCommand> {

    /** The kind of command this handler carries out. */
    Class<T> handles();

    /** Carries the command out; the stage (null: done) completes when its outcome is known. */
    CompletionStage<?> handle(Connection connection, T command);
}
