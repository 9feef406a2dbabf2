package io.inbox.connection;

import io.inbox.auth.Identity;
import io.inbox.auth.Verification;
import io.inbox.conversation.ConversationNotFound;
import io.inbox.conversation.ConversationService;
import io.inbox.conversation.InvalidInput;
import io.inbox.conversation.MessageNotFound;
import io.inbox.conversation.NotTheAuthor;
import io.inbox.presence.ConnectionInfo;
import io.inbox.presence.PresenceService;
import io.inbox.presence.TypingService;
import io.inbox.conversation.StorageUnavailable;
import io.inbox.delivery.Delivery;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.protocol.ClientCommand;
import io.inbox.protocol.CloseCode;
import io.inbox.protocol.CommandHandler;
import io.inbox.protocol.ErrorCode;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.FrameException;
import io.inbox.protocol.FrameType;
import io.inbox.protocol.ServerEvent;
import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import io.inbox.protocol.MessageView;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What happens to a connection between accept and close, for both endpoints: authentication outcome,
 * registration, decoding and dispatch of client frames, and answers. Errors become error frames or close
 * codes, never a stack trace to the client.
 */
@ApplicationScoped
public class ConnectionLifecycle implements CommandHandler<Connection> {
    private static final Logger LOG = Logger.getLogger(ConnectionLifecycle.class.getName());
    /** How long after the upgrade a refused socket is closed (see {@link #refuse}). */
    private static final long REFUSAL_CLOSE_DELAY_MILLIS = 200;

    @Inject
    FrameCodec codec;
    @Inject
    ConnectionRegistry registry;
    @Inject
    ConversationService conversations;
    @Inject
    UserService users;
    @Inject
    TypingService typing;
    @Inject
    PresenceService presence;
    @Inject
    Delivery delivery;
    @Inject
    InboxMetrics metrics;
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    /** Server ping interval announced in connection_established, in seconds. */
    @Inject
    @ConfigProperty(name = "inbox.heartbeat.interval-seconds", defaultValue = "25")
    int heartbeatSeconds;
    /** Largest accepted client frame, in bytes (larger: close 1009). */
    @Inject
    @ConfigProperty(name = "inbox.connection.max-frame-bytes", defaultValue = "65536")
    int maxFrameBytes;
    /** Most frames waiting in one connection's outgoing queue before it is closed with 1013. */
    @Inject
    @ConfigProperty(name = "inbox.connection.outbox.max-frames", defaultValue = "1000")
    int outboxMaxFrames;
    /** Most characters waiting in one connection's outgoing queue before it is closed with 1013. */
    @Inject
    @ConfigProperty(name = "inbox.connection.outbox.max-chars", defaultValue = "1048576")
    long outboxMaxChars;
    /** Open connections per user; the next one is closed with 4429. */
    @Inject
    @ConfigProperty(name = "inbox.connection.max-per-user", defaultValue = "5")
    int maxPerUser;
    /** Client frames per connection per second (token bucket rate); beyond: error 4429, nothing stored. */
    @Inject
    @ConfigProperty(name = "inbox.connection.rate.frames-per-second", defaultValue = "50")
    double framesPerSecond;
    /** Client frames a connection may send in a burst (token bucket size). */
    @Inject
    @ConfigProperty(name = "inbox.connection.rate.burst", defaultValue = "200")
    int frameBurst;
    /** Messages per replay page of a sync. */
    @Inject
    @ConfigProperty(name = "inbox.sync.page-size", defaultValue = "200")
    int syncPageSize;
    /** How long a replay waits for a client to read its previous page before closing it with 1013. */
    @Inject
    @ConfigProperty(name = "inbox.sync.client-timeout-seconds", defaultValue = "10")
    int syncClientTimeoutSeconds;

    /**
     * An accepted {@code /ws/inbox/} WebSocket: closes it with 4401 when the handshake's token was refused,
     * else registers it and sends {@code connection_established}. Returns null when it is being closed.
     */
    Connection open(Session session, String endpoint) {
        Identity identity = authenticate(session, endpoint);
        return identity == null ? null : register(session, identity, null, endpoint);
    }

    /**
     * An accepted {@code /ws/chat/{id}/} WebSocket: as {@link #open}, and closed with 4403 when the
     * conversation does not exist or the user is not a participant (one code, so ids cannot be probed).
     */
    Connection openChat(Session session, String conversationParam, String endpoint) {
        Identity identity = authenticate(session, endpoint);
        if (identity == null) {
            return null;
        }
        Long conversationId = positiveId(conversationParam);
        try {
            if (conversationId == null || !conversations.takesPart(identity.userId(), conversationId)) {
                LOG.info(() -> "Refused " + endpoint + " connection of user " + identity.userId()
                        + ": unknown conversation or not a participant");
                refuse(session, CloseCode.FORBIDDEN, "unknown conversation or not a participant");
                return null;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Participant check failed; closing", e);
            refuse(session, CloseCode.TRY_AGAIN_LATER, "storage unavailable");
            return null;
        }
        return register(session, identity, conversationId, endpoint);
    }

    /** The handshake's identity, provisioned; null (and the socket closing) when refused or unavailable. */
    private Identity authenticate(Session session, String endpoint) {
        Object verification = session.getUserProperties().remove(HandshakeConfigurator.VERIFICATION);
        if (!(verification instanceof Verification.Valid valid)) {
            String reason = verification instanceof Verification.Refused refused
                    ? refused.reason().description() : "missing token";
            LOG.info(() -> "Refused " + endpoint + " connection: " + reason);
            refuse(session, CloseCode.UNAUTHORIZED, reason);
            return null;
        }
        Identity identity = valid.identity();
        try {
            users.provision(new Profile(identity.userId(), identity.username(), identity.name(), identity.avatar()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "User " + identity.userId() + " could not be provisioned; closing", e);
            refuse(session, CloseCode.TRY_AGAIN_LATER, "storage unavailable");
            return null;
        }
        return identity;
    }

    private Connection register(Session session, Identity identity, Long scope, String endpoint) {
        session.setMaxTextMessageBufferSize(maxFrameBytes);
        session.setMaxBinaryMessageBufferSize(maxFrameBytes);
        IdleTimer.disable(session); // dead peers are found by the heartbeat (4408)
        Connection connection = new Connection(UUID.randomUUID().toString().substring(0, 8), identity.userId(), scope,
                endpoint, session, new ConnectionLimits(outboxMaxFrames, outboxMaxChars, framesPerSecond, frameBurst),
                executor, metrics::slowClientClosed);
        boolean accepted;
        try {
            accepted = presence.connected(identity.userId(), new ConnectionInfo(connection.id(), null,
                    scope == null ? endpoint : endpoint.replace("{id}", scope.toString()), connection.openedAt(),
                    remoteAddress(session)), maxPerUser);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] presence unavailable; closing", e);
            refuse(session, CloseCode.TRY_AGAIN_LATER, "presence unavailable");
            connection.closed();
            return null;
        }
        if (!accepted) {
            LOG.info(() -> "Refused " + endpoint + " connection of user " + identity.userId() + ": more than "
                    + maxPerUser + " open connections");
            refuse(session, CloseCode.TOO_MANY_CONNECTIONS, "too many connections");
            connection.closed();
            return null;
        }
        // queued first, before deliveries can reach the connection; written once it starts
        reply(connection, new ServerEvent.ConnectionEstablished(identity.userId(), heartbeatSeconds));
        registry.add(connection);
        if (scope == null) {
            try {
                reply(connection, new ServerEvent.PresenceList(presence.of(conversations.contacts(identity.userId()))));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[" + connection.id() + "] presence_list failed", e);
            }
        }
        metrics.handshake("accepted", scope == null ? "inbox" : "chat");
        connection.start(); // connection_established reaches the client only now that deliveries reach it too
        LOG.info(() -> "[" + connection.id() + "] open: user " + identity.userId() + " on "
                + (scope == null ? endpoint : endpoint.replace("{id}", scope.toString())));
        return connection;
    }

    /** The protocol type of a decoded client frame (for metrics). */
    private static String typeOf(ClientCommand command) {
        if (command instanceof ClientCommand.SendText) {
            return FrameType.TEXT;
        } else if (command instanceof ClientCommand.SetTyping) {
            return FrameType.TYPING;
        } else if (command instanceof ClientCommand.MarkRead) {
            return FrameType.READ;
        } else if (command instanceof ClientCommand.EditMessage) {
            return FrameType.EDIT;
        } else if (command instanceof ClientCommand.DeleteMessage) {
            return FrameType.DELETE;
        } else if (command instanceof ClientCommand.Sync) {
            return FrameType.SYNC;
        }
        return FrameType.PING;
    }

    /** The client's address: Tyrus knows it (not part of the standard API); null elsewhere. */
    private static String remoteAddress(Session session) {
        try {
            Object address = session.getClass().getMethod("getRemoteAddr").invoke(session);
            return address == null ? null : address.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Long positiveId(String text) {
        try {
            long id = Long.parseLong(text);
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void text(Connection connection, String frame) {
        if (connection == null) {
            return; // refused at open, being closed
        }
        presence.activity(connection.userId());
        if (!connection.allowFrame()) {
            reply(connection, codec.rejection(frame, ErrorCode.RATE_LIMITED, "rate limited, nothing stored: retry later"));
            return;
        }
        try {
            ClientCommand command = codec.decode(frame, connection.scope() != null);
            metrics.frameIn(typeOf(command));
            command.dispatchTo(this, connection);
        } catch (FrameException e) {
            metrics.frameIn("invalid");
            reply(connection, e.toEvent());
        }
    }

    void pong(Connection connection) {
        if (connection != null) {
            connection.pong();
        }
    }

    /** Takes a connection out of service at once (heartbeat timeout): no state is left for it. */
    void expire(Connection connection, CloseCode code, String reason) {
        if (registry.remove(connection)) {
            presence.disconnected(connection.userId(), connection.id());
        }
        connection.closed();
        connection.close(code, reason);
    }

    void binary(Connection connection) {
        if (connection != null) {
            reply(connection, new FrameException(ErrorCode.MALFORMED, "binary frames are not supported").toEvent());
        }
    }

    void closed(Connection connection, CloseReason reason) {
        if (connection == null) {
            return;
        }
        if (registry.remove(connection)) {
            presence.disconnected(connection.userId(), connection.id());
        }
        connection.closed();
        LOG.info(() -> "[" + connection.id() + "] close: user " + connection.userId() + " on " + connection.endpoint()
                + " after " + connection.age().toMillis() + " ms, code " + reason.getCloseCode().getCode());
    }

    void failed(Connection connection, Throwable failure) {
        String who = connection == null ? "unauthenticated connection" : "[" + connection.id() + "]";
        if (failure instanceof IOException || failure.getCause() instanceof IOException) {
            LOG.log(Level.FINE, who + " transport error", failure);
        } else {
            LOG.log(Level.WARNING, who + " error", failure);
        }
    }

    // ------------------------------------------------------------------ commands

    @Override
    public void sendText(Connection connection, ClientCommand.SendText command) {
        Long conversationId = target(connection, command.conversationId(), command.clientId());
        if (conversationId == null) {
            return;
        }
        long target = conversationId;
        try {
            conversations.post(connection.userId(), target, command.message(), command.clientId())
                    .whenComplete((stored, failure) -> {
                        if (failure != null) {
                            reply(connection, storageError(failure, target, command.clientId()));
                        }
                    });
        } catch (InvalidInput e) {
            reply(connection, new ServerEvent.Error(ErrorCode.MALFORMED, e.getMessage(), target, command.clientId()));
        } catch (ConversationNotFound e) {
            reply(connection, new ServerEvent.Error(ErrorCode.FORBIDDEN, e.getMessage(), target, command.clientId()));
        }
    }

    @Override
    public void ping(Connection connection, ClientCommand.Ping command) {
        reply(connection, new ServerEvent.Pong());
    }

    @Override
    public void setTyping(Connection connection, ClientCommand.SetTyping command) {
        Long conversationId = target(connection, command.conversationId(), null);
        if (conversationId == null) {
            return;
        }
        if (!conversations.takesPart(connection.userId(), conversationId)) {
            reply(connection, new ServerEvent.Error(ErrorCode.FORBIDDEN, "unknown conversation or not a participant",
                    conversationId, null));
            return;
        }
        typing.set(connection.userId(), conversationId, command.typing());
    }

    @Override
    public void markRead(Connection connection, ClientCommand.MarkRead command) {
        Long conversationId = target(connection, command.conversationId(), null);
        if (conversationId == null) {
            return;
        }
        answerFailures(connection, conversationId, null,
                () -> conversations.markRead(connection.userId(), conversationId, command.messageId()));
    }

    @Override
    public void editMessage(Connection connection, ClientCommand.EditMessage command) {
        answerFailures(connection, null, null,
                () -> conversations.edit(connection.userId(), command.messageId(), command.message()));
    }

    @Override
    public void deleteMessage(Connection connection, ClientCommand.DeleteMessage command) {
        answerFailures(connection, null, null, () -> conversations.delete(connection.userId(), command.messageId()));
    }

    /**
     * The conversation a frame is about: its own, or the path's on {@code /ws/chat/{id}/}. Answers 4400 and
     * returns null when it is missing or differs from the path.
     */
    private Long target(Connection connection, Long conversationId, String clientId) {
        if (connection.scope() != null) {
            if (conversationId == null) {
                return connection.scope();
            }
            if (!conversationId.equals(connection.scope())) {
                reply(connection, new ServerEvent.Error(ErrorCode.MALFORMED,
                        "conversation_id differs from this connection's conversation", conversationId, clientId));
                return null;
            }
        }
        if (conversationId == null) {
            reply(connection, new ServerEvent.Error(ErrorCode.MALFORMED, "missing field: conversation_id", null, clientId));
        }
        return conversationId;
    }

    /** Runs a command and turns the domain's refusals into error frames. */
    private void answerFailures(Connection connection, Long conversationId, String clientId, Runnable command) {
        try {
            command.run();
        } catch (InvalidInput e) {
            reply(connection, new ServerEvent.Error(ErrorCode.MALFORMED, e.getMessage(), conversationId, clientId));
        } catch (ConversationNotFound e) {
            reply(connection, new ServerEvent.Error(ErrorCode.FORBIDDEN, e.getMessage(), e.conversationId(), clientId));
        } catch (NotTheAuthor e) {
            reply(connection, new ServerEvent.Error(ErrorCode.FORBIDDEN, e.getMessage(), e.conversationId(), clientId));
        } catch (MessageNotFound e) {
            reply(connection, new ServerEvent.Error(ErrorCode.NOT_FOUND, e.getMessage(), conversationId, clientId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] command failed", e);
            reply(connection, new ServerEvent.Error(ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable: retry",
                    conversationId, clientId));
        }
    }

    /** Replays off the container thread, so a long replay never holds a request thread. */
    @Override
    public void sync(Connection connection, ClientCommand.Sync command) {
        executor.execute(() -> replay(connection, command.lastMessageId()));
    }

    /**
     * Sends every message of the connection's conversations with an id in {@code (after, H]}, where H is
     * the highest id whose live delivery on this instance was done when the sync started, page by page and only as fast as the client reads;
     * live messages meanwhile are held back and follow without duplicates (see {@link SyncWindow}); then
     * {@code sync_complete}.
     */
    private void replay(Connection connection, long after) {
        metrics.syncReplay();
        long upTo;
        try {
            upTo = Math.max(after, delivery.deliveredUpTo());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] sync failed", e);
            reply(connection, new ServerEvent.Error(ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable: sync again", null, null));
            return;
        }
        SyncWindow.Plan plan = connection.beginSync(after, upTo);
        if (plan == null) {
            reply(connection, new ServerEvent.Error(ErrorCode.RATE_LIMITED, "a sync is already running", null, null));
            return;
        }
        long lastSent = after;
        boolean complete = false;
        try {
            for (long[] range : plan.ranges()) {
                long from = range[0];
                while (true) {
                    List<MessageView> page = conversations.replay(connection.userId(), connection.scope(), from, range[1],
                            syncPageSize);
                    for (MessageView message : page) {
                        connection.send(codec.encode(new ServerEvent.MessagePosted(message)));
                        lastSent = Math.max(lastSent, message.messageId());
                        from = message.messageId();
                    }
                    if (page.size() < syncPageSize) {
                        break;
                    }
                    if (!connection.awaitRoom(syncClientTimeoutSeconds * 1000L)) {
                        LOG.info(() -> "[" + connection.id() + "] closed during sync: the client does not read");
                        connection.close(CloseCode.TRY_AGAIN_LATER, "client too slow for sync");
                        return;
                    }
                }
            }
            complete = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] sync failed", e);
        } finally {
            long cursor = lastSent;
            if (complete) {
                connection.endSync(upTo, cursor, last -> codec.encode(new ServerEvent.SyncComplete(last)));
            } else {
                connection.endSync(upTo, cursor, last -> codec.encode(new ServerEvent.Error(
                        ErrorCode.STORAGE_UNAVAILABLE, "sync interrupted: sync again from your last message id", null, null)));
            }
        }
    }

    private static ServerEvent.Error storageError(Throwable failure, long conversationId, String clientId) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(cause instanceof StorageUnavailable)) {
            LOG.log(Level.WARNING, "Unexpected failure storing a message", cause);
        }
        return new ServerEvent.Error(ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable, nothing stored: retry",
                conversationId, clientId);
    }

    private void reply(Connection connection, ServerEvent event) {
        String frame = codec.encode(event);
        if (event instanceof ServerEvent.Error error) {
            metrics.error(error.code().code());
        }
        metrics.framesOut(frame, 1);
        connection.send(frame);
    }

    /**
     * Closes a socket refused in {@code @OnOpen}, a moment later and from another thread. Closed right
     * away, the TCP connection went down while the container was still finishing the upgrade request on
     * this thread; Grizzly then recycled that request twice, and another client's handshake could get it
     * (a plain HTTP 200, or a socket that never received a frame: AuthenticationIT shows it). Nothing
     * reaches the refused socket meanwhile: it is not registered, and its frames are ignored.
     */
    private void refuse(Session session, CloseCode code, String reason) {
        metrics.handshake("refused", Integer.toString(code.code()));
        try {
            scheduler.schedule(() -> closeNow(session, code, reason), REFUSAL_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            closeNow(session, code, reason); // the scheduler is gone (shutting down): close now rather than never
        }
    }

    private static void closeNow(Session session, CloseCode code, String reason) {
        try {
            if (session.isOpen()) { // the client may have gone during a refusal's delay
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
