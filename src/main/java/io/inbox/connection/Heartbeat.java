package io.inbox.connection;

import io.inbox.protocol.CloseCode;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pings every connection every {@code inbox.heartbeat.interval-seconds}; a connection that left two pings
 * unanswered is closed with 4408 and forgotten at once (registry and queue), so dead peers leave nothing
 * behind.
 */
@ApplicationScoped
public class Heartbeat {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    @Inject
    ConnectionRegistry registry;
    @Inject
    ConnectionLifecycle lifecycle;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;
    @Inject
    @ConfigProperty(name = "inbox.heartbeat.interval-seconds", defaultValue = "25")
    int intervalSeconds;

    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        task = scheduler.scheduleAtFixedRate(this::tick, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        try {
            for (Connection connection : registry.all()) {
                if (!connection.heartbeat()) {
                    LOG.info(() -> "[" + connection.id() + "] heartbeat timeout: two pings without a pong");
                    lifecycle.expire(connection, CloseCode.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat round failed", e); // the next round runs anyway
        }
    }
}
