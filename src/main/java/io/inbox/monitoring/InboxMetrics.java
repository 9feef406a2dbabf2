package io.inbox.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The application's metrics (MicroProfile Metrics; Prometheus text at {@code /metrics?scope=application}).
 * Counters are looked up once per tag value and cached, so counting costs an add on the hot paths.
 * Where the server has no MicroProfile Metrics (or in a unit test, {@link #off()}), every call is a no-op.
 */
@ApplicationScoped
public class InboxMetrics {
    static final String HANDSHAKES = "inbox.handshakes";
    static final String FRAMES_IN = "inbox.frames.in";
    static final String FRAMES_OUT = "inbox.frames.out";
    static final String MESSAGES_PERSISTED = "inbox.messages.persisted";
    static final String ERRORS = "inbox.errors";
    static final String DELIVERY_LATENCY = "inbox.delivery.latency";
    static final String SLOW_CLIENT_CLOSES = "inbox.slow.client.closes";
    static final String SYNC_REPLAYS = "inbox.sync.replays";

    /** Null when metrics are off. */
    private MetricRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Timer latency;

    protected InboxMetrics() {
    }

    @Inject
    public InboxMetrics(Instance<MetricRegistry> registry) {
        if (registry.isResolvable()) {
            this.registry = registry.get();
        } // else off: OperationsEndpoints says so at startup
    }

    /** Metrics that count nothing (unit tests). */
    public static InboxMetrics off() {
        return new InboxMetrics();
    }

    /** A value read at each scrape. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        if (registry != null) {
            registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                    () -> value.get().doubleValue(), tags(tags));
        }
    }

    /** A WebSocket accepted and registered ({@code outcome=accepted}) or refused, by reason. */
    public void handshake(String outcome, String reason) {
        counter(HANDSHAKES, "Handshakes by outcome (accepted, refused) and reason", "outcome", outcome, "reason", reason).inc();
    }

    /** A client frame, by type ({@code invalid} when it could not be decoded). */
    public void frameIn(String type) {
        counter(FRAMES_IN, "Frames received from clients, by type", "type", type).inc();
    }

    /** Frames queued to clients, by type. */
    public void framesOut(String frame, int connections) {
        if (connections > 0) {
            counter(FRAMES_OUT, "Frames queued to clients, by type", "type", typeOf(frame)).inc(connections);
        }
    }

    public void messagesPersisted(int count) {
        if (count > 0) {
            counter(MESSAGES_PERSISTED, "Messages committed to the database by this instance").inc(count);
        }
    }

    /** An error frame sent, by code. */
    public void error(int code) {
        counter(ERRORS, "Error frames sent, by code", "code", Integer.toString(code)).inc();
    }

    /**
     * From the commit of a message to its frames being queued on every connection of this instance. A timer with its
     * unit named, which the MicroProfile Metrics implementations export in seconds ({@code inbox_delivery_latency_seconds});
     * a histogram in milliseconds came out as {@code _seconds} on Payara and {@code _milliseconds} on Open Liberty, and
     * Payara exports a timer without a unit in nanoseconds, without the suffix.
     */
    public void deliveryLatency(long millis) {
        if (registry == null) {
            return;
        }
        Timer t = latency;
        if (t == null) {
            t = registry.timer(Metadata.builder().withName(DELIVERY_LATENCY).withUnit(MetricUnits.NANOSECONDS)
                    .withDescription("Commit of a message to its frames queued on this instance's connections").build());
            latency = t;
        }
        t.update(Duration.ofMillis(Math.max(0, millis)));
    }

    /** A connection closed with 1013 because its outgoing queue overflowed. */
    public void slowClientClosed() {
        counter(SLOW_CLIENT_CLOSES, "Connections closed with 1013 because they did not read").inc();
    }

    public void syncReplay() {
        counter(SYNC_REPLAYS, "sync requests replayed").inc();
    }

    /** The {@code type} of an encoded frame (the codec always writes it first). */
    static String typeOf(String frame) {
        String prefix = "{\"type\":\"";
        if (frame.startsWith(prefix)) {
            int end = frame.indexOf('"', prefix.length());
            if (end > prefix.length()) {
                return frame.substring(prefix.length(), end);
            }
        }
        return "other";
    }

    private Counter counter(String name, String description, String... tags) {
        if (registry == null) {
            return NONE;
        }
        String key = name + String.join("|", tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> registry.counter(
                    Metadata.builder().withName(name).withDescription(description).build(), tags(tags)));
        }
        return counter;
    }

    private static Tag[] tags(String... namesAndValues) {
        Tag[] tags = new Tag[namesAndValues.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(namesAndValues[2 * i], namesAndValues[2 * i + 1] == null ? "none" : namesAndValues[2 * i + 1]);
        }
        return tags;
    }

    /** The counter of metrics that are off. */
    private static final Counter NONE = new Counter() {
        @Override
        public void inc() {
        }

        @Override
        public void inc(long n) {
        }

        @Override
        public long getCount() {
            return 0;
        }
    };
}
