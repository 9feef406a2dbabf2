package io.inbox.connection;

import io.inbox.conversation.MessageLog;
import io.inbox.protocol.CloseCode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On stop: readiness goes down and new handshakes are refused (503) first; messages already handed to the
 * message log are committed and delivered; each connection's outgoing queue is flushed; then every socket
 * is closed with 1001 (reconnect to another instance and sync). All within
 * {@code inbox.shutdown.grace-seconds}; a client that does not read by then is closed anyway.
 *
 * <p>Nothing is created or looked up at stop: this bean is created at start, with its configuration, and its
 * stop runs first among the observers and never throws. A bean created during the stop reads its configuration
 * then, and on Payara Micro a SIGTERM stops Hazelcast (its own JVM shutdown hook) while the application is being
 * stopped: a configuration value no longer in Payara's config cache (60 s after deployment) is then looked up in
 * the cluster config source, which throws; an observer whose bean cannot be created is never called (nor are
 * the observers after it), and the server dropped every socket without a close frame (1006) once it had been up
 * for a minute.
 */
@ApplicationScoped
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

    private ServerState state;
    private ConnectionRegistry registry;
    private BeanManager beans;
    private int graceSeconds;

    protected GracefulShutdown() {
    }

    /** @param graceSeconds longest a graceful shutdown waits for queued messages to be written to clients */
    @Inject
    public GracefulShutdown(ServerState state, ConnectionRegistry registry, BeanManager beans,
                            @ConfigProperty(name = "inbox.shutdown.grace-seconds", defaultValue = "10") int graceSeconds) {
        this.state = state;
        this.registry = registry;
        this.beans = beans;
        this.graceSeconds = graceSeconds;
    }

    /** Creates this bean, and what the stop uses, at start, while the configuration can be read. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        state.accepting();
        registry.open();
    }

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @BeforeDestroyed(ApplicationScoped.class)
                Object stopping) {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Graceful shutdown failed", e); // never stop the observers after this one
        }
    }

    private void drain() {
        state.stopAccepting();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(graceSeconds);
        List<Connection> connections = registry.open();
        info("Shutting down: not accepting connections; flushing and closing " + connections.size()
                + " connections with 1001");
        boolean interrupted = false;
        boolean committed = true;
        try {
            MessageLog log = startedMessageLog();
            committed = log == null || log.awaitIdle(deadline);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Shutdown: cannot wait for the message log", e);
        }
        int unflushed = 0;
        for (Connection connection : connections) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (interrupted || !connection.awaitFlushed(Math.max(left, 0))) {
                    unflushed++;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                unflushed++;
            } catch (RuntimeException e) {
                unflushed++;
            }
            connection.closeNow(CloseCode.GOING_AWAY, "server shutting down");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        info("Shutdown drained in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
                + (committed ? "" : "; some messages were still being stored")
                + (unflushed == 0 ? "" : "; " + unflushed + " clients had not read everything"));
    }

    /**
     * Logs, or writes to the standard error stream once logging is gone: when the JVM exits (SIGTERM), the JDK's
     * own shutdown hook resets java.util.logging and closes every handler, usually before this runs.
     */
    private static void info(String message) {
        if (Logger.getLogger("").getHandlers().length == 0) {
            System.err.println(Instant.now() + " INFO " + GracefulShutdown.class.getName() + ": " + message);
        } else {
            LOG.info(message);
        }
    }

    /**
     * The message log if this instance has used it, else null: nothing was handed to it, and creating it now
     * would read configuration and the database and start its writer during the stop.
     */
    private MessageLog startedMessageLog() {
        Bean<?> bean = beans.resolve(beans.getBeans(MessageLog.class));
        return bean == null ? null : (MessageLog) beans.getContext(ApplicationScoped.class).get(bean);
    }
}
