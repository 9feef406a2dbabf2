package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.connection.Replies;
import io.inbox.conversation.ConversationNotFound;
import io.inbox.conversation.InvalidInput;
import io.inbox.conversation.MessageNotFound;
import io.inbox.conversation.NotTheAuthor;
import io.inbox.conversation.StorageUnavailable;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.presence.PresenceService;
import io.inbox.protocol.ClientCommand;
import io.inbox.protocol.ErrorCode;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.FrameException;
import io.inbox.protocol.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes a connection's client frames one at a time: counts the sender as active, applies the frame rate limit,
 * decodes, and hands the command to its {@link CommandHandler}. The one place where a refusal becomes an
 * {@code error} frame; the connection always stays open after one.
 */
@ApplicationScoped
public class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class.getName());

    private FrameCodec codec;
    private Replies replies;
    private PresenceService presence;
    private InboxMetrics metrics;
    private Map<Class<?>, CommandHandler<?>> handlers;

    protected CommandDispatcher() {
    }

    @Inject
    public CommandDispatcher(FrameCodec codec, Replies replies, PresenceService presence, InboxMetrics metrics,
                             @Any Instance<CommandHandler<?>> handlers) {
        this(codec, replies, presence, metrics, (Iterable<CommandHandler<?>>) handlers);
    }

    /** @throws IllegalStateException when a kind of command has no handler, or two */
    public CommandDispatcher(FrameCodec codec, Replies replies, PresenceService presence, InboxMetrics metrics,
                             Iterable<? extends CommandHandler<?>> handlers) {
        this.codec = codec;
        this.replies = replies;
        this.presence = presence;
        this.metrics = metrics;
        this.handlers = byKind(handlers);
    }

    /** One text frame from the client. */
    public void text(Connection connection, String frame) {
        presence.activity(connection.userId());
        if (!connection.allowFrame()) {
            replies.send(connection, codec.rejection(frame, ErrorCode.RATE_LIMITED, "rate limited, nothing stored: retry later"));
            return;
        }
        ClientCommand command;
        try {
            command = codec.decode(frame, connection.scope() != null);
        } catch (FrameException e) {
            metrics.frameIn("invalid");
            replies.send(connection, e.toEvent());
            return;
        }
        metrics.frameIn(command.type());
        dispatch(connection, command);
    }

    /** A binary frame: the protocol has none. */
    public void binary(Connection connection) {
        replies.send(connection, new FrameException(ErrorCode.MALFORMED, "binary frames are not supported").toEvent());
    }

    /** Runs a decoded command; its refusal, now or later, is answered with an error frame. */
    public void dispatch(Connection connection, ClientCommand command) {
        CompletionStage<?> outcome;
        try {
            outcome = run(handlers.get(command.getClass()), connection, command);
        } catch (RuntimeException e) {
            replies.send(connection, errorFor(e, command, connection));
            return;
        }
        if (outcome != null) {
            outcome.whenComplete((done, failure) -> {
                if (failure != null) {
                    replies.send(connection, errorFor(failure, command, connection));
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends ClientCommand> CompletionStage<?> run(CommandHandler<T> handler, Connection connection,
                                                                    ClientCommand command) {
        return handler.handle(connection, (T) command);
    }

    /**
     * The error frame answering a refused command: its code and message, the conversation it is about (the
     * refusal's own, else the frame's, else the path's for a conversation command on {@code /ws/chat/{id}/}),
     * and the frame's {@code client_id}. Anything unexpected is logged once and answered as 4503.
     */
    static ServerEvent.Error errorFor(Throwable failure, ClientCommand command, Connection connection) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Long conversation = command instanceof ClientCommand.InConversation about
                ? (about.conversationId() != null ? about.conversationId() : connection.scope()) : null;
        String clientId = command.clientId();
        if (cause instanceof FrameException e) {
            return new ServerEvent.Error(e.code(), e.getMessage(), e.conversationId(),
                    e.clientId() != null ? e.clientId() : clientId);
        } else if (cause instanceof InvalidInput e) {
            return new ServerEvent.Error(ErrorCode.MALFORMED, e.getMessage(), conversation, clientId);
        } else if (cause instanceof ConversationNotFound e) {
            return new ServerEvent.Error(ErrorCode.FORBIDDEN, e.getMessage(), e.conversationId(), clientId);
        } else if (cause instanceof NotTheAuthor e) {
            return new ServerEvent.Error(ErrorCode.FORBIDDEN, e.getMessage(), e.conversationId(), clientId);
        } else if (cause instanceof MessageNotFound e) {
            return new ServerEvent.Error(ErrorCode.NOT_FOUND, e.getMessage(), conversation, clientId);
        } else if (!(cause instanceof StorageUnavailable)) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] " + command.type() + " failed", cause);
        }
        return new ServerEvent.Error(ErrorCode.STORAGE_UNAVAILABLE, command instanceof ClientCommand.SendText
                ? "storage unavailable, nothing stored: retry" : "storage unavailable: retry", conversation, clientId);
    }

    /** Every kind of command (the records permitted under {@link ClientCommand}) mapped to its one handler. */
    private static Map<Class<?>, CommandHandler<?>> byKind(Iterable<? extends CommandHandler<?>> handlers) {
        Map<Class<?>, CommandHandler<?>> byKind = new HashMap<>();
        for (CommandHandler<?> handler : handlers) {
            CommandHandler<?> other = byKind.put(handler.handles(), handler);
            if (other != null) {
                throw new IllegalStateException("two handlers of " + handler.handles().getSimpleName());
            }
        }
        Deque<Class<?>> kinds = new ArrayDeque<>(java.util.List.of(ClientCommand.class.getPermittedSubclasses()));
        while (!kinds.isEmpty()) {
            Class<?> kind = kinds.pop();
            if (kind.isInterface()) {
                kinds.addAll(java.util.List.of(kind.getPermittedSubclasses()));
            } else if (!byKind.containsKey(kind)) {
                throw new IllegalStateException("no handler of " + kind.getSimpleName());
            }
        }
        return byKind;
    }
}
