package io.inbox.connection;

import io.inbox.monitoring.InboxMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/** Gauges read at each scrape: open connections by endpoint, frames waiting in outgoing queues. */
@ApplicationScoped
public class ConnectionGauges {

    void register(@Observes @Initialized(ApplicationScoped.class) Object started, InboxMetrics metrics,
                  ConnectionRegistry connections) {
        for (String endpoint : new String[] {Endpoints.INBOX, Endpoints.CHAT}) {
            metrics.gauge("inbox.connections.open", "Open WebSocket connections on this instance, by endpoint",
                    () -> connections.countByEndpoint().getOrDefault(endpoint, 0), "endpoint", endpoint);
        }
        metrics.gauge("inbox.outbox.queued.frames",
                "Frames waiting in this instance's per-connection outgoing queues, all together", connections::queuedFrames);
        metrics.gauge("inbox.outbox.max.queued.frames", "Frames waiting in the fullest outgoing queue of this instance",
                connections::maxQueuedFrames);
    }
}
