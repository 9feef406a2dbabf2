package io.inbox.protocol;

/**
 * Handles every kind of {@link ClientCommand}; adding a command adds a method here, so no handler can
 * forget one.
 *
 * @param <C> what the handler needs to know about the connection the command came from
 */
public interface CommandHandler<C> {

    void sendText(C context, ClientCommand.SendText command);

    void ping(C context, ClientCommand.Ping command);

    void sync(C context, ClientCommand.Sync command);

    void setTyping(C context, ClientCommand.SetTyping command);

    void markRead(C context, ClientCommand.MarkRead command);

    void editMessage(C context, ClientCommand.EditMessage command);

    void deleteMessage(C context, ClientCommand.DeleteMessage command);
}
