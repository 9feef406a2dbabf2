package io.inbox.connection;

import io.inbox.conversation.MessageLog;
import io.inbox.protocol.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On stop: readiness goes down and new handshakes are refused (503) first; messages already handed to the
 * message log are committed and delivered; each connection's outgoing queue is flushed; then every socket
 * is closed with 1001 (reconnect to another instance and sync). All within
 * {@code inbox.shutdown.grace-seconds}; a client that does not read by then is closed anyway.
 */
@ApplicationScoped
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

    @Inject
    ServerState state;
    @Inject
    ConnectionRegistry registry;
    @Inject
    MessageLog log;
    /** Longest a graceful shutdown waits for queued messages to be written to clients. */
    @Inject
    @ConfigProperty(name = "inbox.shutdown.grace-seconds", defaultValue = "10")
    int graceSeconds;

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) throws InterruptedException {
        state.stopAccepting();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(graceSeconds);
        List<Connection> connections = registry.open();
        LOG.info(() -> "Shutting down: not accepting connections; flushing and closing " + connections.size()
                + " connections with 1001");
        boolean committed = log.awaitIdle(deadline);
        int unflushed = 0;
        for (Connection connection : connections) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (!connection.awaitFlushed(Math.max(left, 0))) {
                unflushed++;
            }
            connection.closeNow(CloseCode.GOING_AWAY, "server shutting down");
        }
        int notFlushed = unflushed;
        LOG.info(() -> "Shutdown drained in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
                + (committed ? "" : "; some messages were still being stored")
                + (notFlushed == 0 ? "" : "; " + notFlushed + " clients had not read everything"));
    }
}
