package io.inbox.connection;

import io.inbox.platform.ServerExecutors;
import io.inbox.protocol.CloseCode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pings every connection every {@code inbox.heartbeat.interval-seconds}; a connection that left two pings
 * unanswered is closed with 4408 and forgotten at once (registry and queue), so dead peers leave nothing
 * behind. Connections admitted at a handshake that the container never opened are forgotten too.
 */
@ApplicationScoped
public class Heartbeat {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());
    /** A handshake's socket opens within milliseconds of the 101; one that has not after this never will. */
    private static final long UNOPENED_TIMEOUT_SECONDS = 30;

    private ConnectionRegistry registry;
    private ConnectionLifecycle lifecycle;
    private ServerExecutors executors;
    private int intervalSeconds;
    private ScheduledFuture<?> task;

    protected Heartbeat() {
    }

    @Inject
    public Heartbeat(ConnectionRegistry registry, ConnectionLifecycle lifecycle, ServerExecutors executors,
                     ConnectionSettings settings) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.executors = executors;
        this.intervalSeconds = settings.heartbeatSeconds();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        task = executors.scheduler().scheduleAtFixedRate(this::tick, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void tick() {
        try {
            for (Connection connection : registry.open()) {
                if (!connection.heartbeat()) {
                    LOG.info(() -> "[" + connection.id() + "] heartbeat timeout: two pings without a pong");
                    lifecycle.expire(connection, CloseCode.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                }
            }
            for (Connection connection : registry.unopenedFor(UNOPENED_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.fine(() -> "[" + connection.id() + "] admitted at a handshake but never opened; forgotten");
                lifecycle.discard(connection);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat round failed", e); // the next round runs anyway
        }
    }
}
