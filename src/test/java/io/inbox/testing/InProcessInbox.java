package io.inbox.testing;

import io.inbox.auth.Identity;
import io.inbox.auth.RefusalReason;
import io.inbox.auth.Verification;
import io.inbox.connection.Admission;
import io.inbox.connection.Connection;
import io.inbox.connection.ConnectionLifecycle;
import io.inbox.connection.ConnectionRegistry;
import io.inbox.connection.ConnectionSettings;
import io.inbox.connection.Endpoints;
import io.inbox.connection.Replies;
import io.inbox.conversation.ConversationDirectory;
import io.inbox.conversation.ConversationService;
import io.inbox.conversation.MessageLog;
import io.inbox.delivery.Delivery;
import io.inbox.delivery.LocalFanout;
import io.inbox.messaging.CommandDispatcher;
import io.inbox.messaging.DeleteHandler;
import io.inbox.messaging.EditHandler;
import io.inbox.messaging.PingHandler;
import io.inbox.messaging.ReadHandler;
import io.inbox.messaging.SendTextHandler;
import io.inbox.messaging.SyncHandler;
import io.inbox.messaging.SyncService;
import io.inbox.messaging.TypingHandler;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.platform.ServerExecutors;
import io.inbox.presence.LocalPresenceLedger;
import io.inbox.presence.PresenceService;
import io.inbox.presence.TypingService;
import io.inbox.protocol.FrameCodec;
import io.inbox.testing.memory.InMemoryConversations;
import io.inbox.testing.memory.InMemoryMessages;
import io.inbox.testing.memory.InMemoryUsers;
import io.inbox.user.UserService;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The application's message path wired by hand, in one JVM, without a server: the real services, group-commit
 * writer, delivery, presence, connection lifecycle and command dispatcher, over in-memory storage and
 * {@link RecordingTransport}s. What {@code Phoenix.ChannelTest} is to a channel: a test pushes frames as a
 * client would and asserts on what every connection receives. Close it after the test.
 */
public final class InProcessInbox implements AutoCloseable {
    public final InMemoryConversations conversationStore = new InMemoryConversations();
    public final InMemoryMessages messageStore = new InMemoryMessages(conversationStore);
    public final InMemoryUsers userStore = new InMemoryUsers();
    public final ConversationService conversations;
    public final ConnectionRegistry registry;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final MessageLog log;
    private final PresenceService presence;
    private final ConnectionLifecycle lifecycle;
    private final CommandDispatcher dispatcher;

    public InProcessInbox() {
        this(new ConnectionSettings(25, 1000, 1 << 20, 5, 50, 200), 200);
    }

    /** @param syncPageSize messages per replay page */
    public InProcessInbox(ConnectionSettings settings, int syncPageSize) {
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
        executor = Executors.newCachedThreadPool(daemons);
        scheduler = Executors.newScheduledThreadPool(1, daemons);
        ServerExecutors executors = new ServerExecutors(executor, scheduler, daemons);
        InboxMetrics metrics = InboxMetrics.off();
        FrameCodec codec = new FrameCodec();
        UserService users = new UserService(userStore, userId -> { }, 200_000, 600);
        ConversationDirectory directory = new ConversationDirectory(conversationStore, 100_000);
        registry = new ConnectionRegistry(metrics);
        Delivery[] delivery = new Delivery[1];
        log = new MessageLog(messageStore, users, new DirectEvent<>(committed -> delivery[0].onMessage(committed)), metrics,
                executors, 1000, 500);
        delivery[0] = new Delivery(codec, new LocalFanout(registry, log), metrics, directory);
        conversations = new ConversationService(conversationStore, messageStore, directory, log, users,
                new DirectEvent<>(directory::onStarted, delivery[0]::onConversationStarted),
                new DirectEvent<>(delivery[0]::onRead), new DirectEvent<>(delivery[0]::onMessageChanged), 4000);
        TypingService typing = new TypingService(delivery[0], directory, executors, 6, 2000);
        presence = new PresenceService(delivery[0], conversations, typing, users, new LocalPresenceLedger(), executors, 300, 5);
        Replies replies = new Replies(codec, metrics);
        lifecycle = new ConnectionLifecycle(registry, replies, users, conversations, presence, metrics, executors, settings);
        SyncService sync = new SyncService(conversations, delivery[0], replies, metrics, executors, syncPageSize, 10);
        dispatcher = new CommandDispatcher(codec, replies, presence, metrics, List.of(new SendTextHandler(conversations),
                new PingHandler(replies), new TypingHandler(conversations, typing), new ReadHandler(conversations),
                new EditHandler(conversations), new DeleteHandler(conversations), new SyncHandler(sync)));
        log.start();
        presence.start();
    }

    /** A conversation of these users, created by the first; returns its id. */
    public long conversation(long... userIds) {
        List<Long> others = java.util.Arrays.stream(userIds).skip(1).boxed().toList();
        return conversations.create(userIds[0], others, null).id();
    }

    /** The handshake of a user's {@code /ws/inbox/} connection (the server has answered 101; not open yet). */
    public Handshake handshake(long userId) {
        return handshake(userId, null);
    }

    /** The handshake of {@code /ws/chat/{conversation}/}, or of {@code /ws/inbox/} when it is null. */
    public Handshake handshake(long userId, Long conversation) {
        Identity identity = new Identity(userId, "user" + userId, "User " + userId, null);
        return new Handshake(lifecycle.admit(new Verification.Valid(identity), conversation == null ? Endpoints.INBOX
                : Endpoints.CHAT, conversation == null ? null : conversation.toString(), "127.0.0.1"));
    }

    /** A handshake whose token was refused. */
    public Handshake refusedHandshake() {
        return new Handshake(lifecycle.admit(new Verification.Refused(RefusalReason.INVALID), Endpoints.INBOX, null, null));
    }

    /** A user's {@code /ws/inbox/} connection, handshake and open. */
    public Client connect(long userId) {
        return handshake(userId).open();
    }

    /** A user's {@code /ws/chat/{conversation}/} connection, handshake and open. */
    public Client connectChat(long userId, long conversation) {
        return handshake(userId, conversation).open();
    }

    /** A handshake that the container has answered with 101; {@link #open} is the container's {@code @OnOpen}. */
    public final class Handshake {
        private final Admission admission;

        private Handshake(Admission admission) {
            this.admission = admission;
        }

        public Client open() {
            RecordingTransport transport = new RecordingTransport();
            return new Client(lifecycle.open(admission, transport), transport);
        }
    }

    /** One client connection: sends frames as the client, reads what the server wrote. */
    public final class Client implements AutoCloseable {
        public final RecordingTransport received;
        private final Connection connection;

        private Client(Connection connection, RecordingTransport received) {
            this.connection = connection;
            this.received = received;
        }

        /** Null when the server refused it at open. */
        public Connection connection() {
            return connection;
        }

        public Client send(String frame) {
            dispatcher.text(connection, frame);
            return this;
        }

        public Client sendBinary() {
            dispatcher.binary(connection);
            return this;
        }

        /** The client closes (code 1000). */
        @Override
        public void close() {
            if (connection != null) {
                lifecycle.closed(connection, 1000);
            }
        }
    }

    @Override
    public void close() {
        log.stop();
        presence.stop();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }
}
