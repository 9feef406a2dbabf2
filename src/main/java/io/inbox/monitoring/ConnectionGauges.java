package io.inbox.monitoring;

import io.inbox.delivery.LocalConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Gauges read at each scrape: open connections by endpoint, frames waiting in outgoing queues. */
@ApplicationScoped
public class ConnectionGauges {

    @Inject
    MetricRegistry registry;
    @Inject
    LocalConnections connections;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (String endpoint : new String[] {"/ws/inbox/", "/ws/chat/{id}/"}) {
            registry.gauge(Metadata.builder().withName("inbox.connections.open")
                            .withDescription("Open WebSocket connections on this instance, by endpoint").build(),
                    connections, c -> c.countByEndpoint().getOrDefault(endpoint, 0), new Tag("endpoint", endpoint));
        }
        registry.gauge(Metadata.builder().withName("inbox.outbox.queued.frames")
                .withDescription("Frames waiting in this instance's per-connection outgoing queues, all together").build(),
                connections, LocalConnections::queuedFrames);
        registry.gauge(Metadata.builder().withName("inbox.outbox.max.queued.frames")
                .withDescription("Frames waiting in the fullest outgoing queue of this instance").build(),
                connections, LocalConnections::maxQueuedFrames);
    }
}
