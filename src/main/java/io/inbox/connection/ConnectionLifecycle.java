package io.inbox.connection;

import io.inbox.auth.Identity;
import io.inbox.auth.Verification;
import io.inbox.conversation.ConversationService;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.platform.ServerExecutors;
import io.inbox.presence.ConnectionInfo;
import io.inbox.presence.PresenceService;
import io.inbox.protocol.CloseCode;
import io.inbox.protocol.ServerEvent;
import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's life, for every transport: admitted at the handshake (registered for delivery before the
 * 101, see {@link Connection}), accepted or refused with a close code at open, forgotten at close. What
 * happens in between is the message path's ({@code io.inbox.messaging}).
 */
@ApplicationScoped
public class ConnectionLifecycle {
    private static final Logger LOG = Logger.getLogger(ConnectionLifecycle.class.getName());

    private ConnectionRegistry registry;
    private Replies replies;
    private UserService users;
    private ConversationService conversations;
    private PresenceService presence;
    private InboxMetrics metrics;
    private ServerExecutors executors;
    private ConnectionSettings settings;

    protected ConnectionLifecycle() {
    }

    @Inject
    public ConnectionLifecycle(ConnectionRegistry registry, Replies replies, UserService users,
                               ConversationService conversations, PresenceService presence, InboxMetrics metrics,
                               ServerExecutors executors, ConnectionSettings settings) {
        this.registry = registry;
        this.replies = replies;
        this.users = users;
        this.conversations = conversations;
        this.presence = presence;
        this.metrics = metrics;
        this.executors = executors;
        this.settings = settings;
    }

    /**
     * At the handshake, before the server answers 101. A valid token gets a connection that is registered for
     * delivery at once: from here on, every frame for its user queues for it, behind
     * {@code connection_established}, until it opens. {@code conversation} is the path's id on
     * {@code /ws/chat/{id}/}, null on {@code /ws/inbox/}.
     */
    public Admission admit(Verification verification, String endpoint, String conversation, String remoteAddress) {
        if (!(verification instanceof Verification.Valid valid)) {
            String reason = verification instanceof Verification.Refused refused ? refused.reason().description() : "missing token";
            return new Admission.Refused(CloseCode.UNAUTHORIZED, reason);
        }
        Long scope = null;
        if (conversation != null) {
            scope = positiveId(conversation);
            if (scope == null) {
                return new Admission.Refused(CloseCode.FORBIDDEN, "unknown conversation or not a participant");
            }
        }
        Identity identity = valid.identity();
        Connection connection = new Connection(UUID.randomUUID().toString().substring(0, 8), identity.userId(), scope,
                endpoint, remoteAddress, settings, executors.executor(), metrics::slowClientClosed);
        replies.send(connection, new ServerEvent.ConnectionEstablished(identity.userId(), settings.heartbeatSeconds()));
        registry.add(connection);
        return new Admission.Admitted(connection, identity);
    }

    /**
     * The container opened the socket: the admitted connection starts writing to this transport, or the socket
     * is closed with the refusal's code (4401 token, 4403 not a participant, 4429 too many connections, 1013
     * storage or presence unavailable). Returns the open connection, or null when refused.
     */
    public Connection open(Admission admission, Transport transport) {
        if (admission instanceof Admission.Refused refused) {
            LOG.info(() -> "Refused connection: " + refused.reason());
            refuse(transport, refused.code(), refused.reason());
            return null;
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        Connection connection = admitted.connection();
        Admission.Refused refusal = accept(connection, admitted.identity());
        if (refusal != null) {
            LOG.info(() -> "Refused " + connection.path() + " connection of user " + connection.userId() + ": "
                    + refusal.reason());
            discard(connection);
            refuse(transport, refusal.code(), refusal.reason());
            return null;
        }
        if (!connection.attach(transport)) {
            closed(connection, CloseCode.TRY_AGAIN_LATER.code()); // overflowed before it opened
            return null;
        }
        if (connection.scope() == null) {
            connection.releaseUserFrames(presenceSnapshot(connection));
        }
        metrics.handshake("accepted", connection.scope() == null ? "inbox" : "chat");
        LOG.info(() -> "[" + connection.id() + "] open: user " + connection.userId() + " on " + connection.path());
        return connection;
    }

    /** The checks of an admitted connection at open; null when it is accepted (and counted in presence). */
    private Admission.Refused accept(Connection connection, Identity identity) {
        try {
            users.provision(new Profile(identity.userId(), identity.username(), identity.name(), identity.avatar()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "User " + identity.userId() + " could not be provisioned; closing", e);
            return new Admission.Refused(CloseCode.TRY_AGAIN_LATER, "storage unavailable");
        }
        try {
            if (connection.scope() != null && !conversations.takesPart(connection.userId(), connection.scope())) {
                return new Admission.Refused(CloseCode.FORBIDDEN, "unknown conversation or not a participant");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Participant check failed; closing", e);
            return new Admission.Refused(CloseCode.TRY_AGAIN_LATER, "storage unavailable");
        }
        try {
            if (!presence.connected(connection.userId(), new ConnectionInfo(connection.id(), null, connection.path(),
                    connection.openedAt(), connection.remoteAddress()), settings.maxPerUser())) {
                return new Admission.Refused(CloseCode.TOO_MANY_CONNECTIONS, "too many connections");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] presence unavailable; closing", e);
            return new Admission.Refused(CloseCode.TRY_AGAIN_LATER, "presence unavailable");
        }
        return null;
    }

    /** The {@code presence_list} of everyone who shares a conversation with the user; null if it cannot be read. */
    private String presenceSnapshot(Connection connection) {
        try {
            return replies.encode(new ServerEvent.PresenceList(presence.of(conversations.contacts(connection.userId()))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] presence_list failed", e);
            return null;
        }
    }

    /** The socket closed: the connection leaves the registry and presence, and its queue is dropped. */
    public void closed(Connection connection, int code) {
        if (registry.remove(connection)) {
            presence.disconnected(connection.userId(), connection.id());
        }
        connection.closed();
        LOG.info(() -> "[" + connection.id() + "] close: user " + connection.userId() + " on " + connection.path()
                + " after " + connection.age().toMillis() + " ms, code " + code);
    }

    /** Takes a connection out of service at once (heartbeat timeout): no state is left for it. */
    void expire(Connection connection, CloseCode code, String reason) {
        if (registry.remove(connection)) {
            presence.disconnected(connection.userId(), connection.id());
        }
        connection.closed();
        connection.close(code, reason);
    }

    /** A connection admitted at a handshake that never opened, or refused at open: it never counted in presence. */
    void discard(Connection connection) {
        registry.remove(connection);
        connection.closed();
    }

    private void refuse(Transport transport, CloseCode code, String reason) {
        metrics.handshake("refused", Integer.toString(code.code()));
        transport.close(code, reason);
    }

    private static Long positiveId(String text) {
        try {
            long id = Long.parseLong(text);
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
