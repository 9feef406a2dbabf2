package io.inbox.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The per-connection limits and timings (docs/configuration.md), read once. */
@ApplicationScoped
public class ConnectionSettings {
    private int heartbeatSeconds;
    private int outboxMaxFrames;
    private long outboxMaxChars;
    private int maxPerUser;
    private double framesPerSecond;
    private int frameBurst;

    protected ConnectionSettings() {
    }

    /**
     * @param heartbeatSeconds server ping interval, announced in {@code connection_established}
     * @param outboxMaxFrames  most frames waiting in one connection's outgoing queue before it is closed with 1013
     * @param outboxMaxChars   most characters waiting in one connection's outgoing queue before it is closed with 1013
     * @param maxPerUser       open connections per user; the next one is closed with 4429
     * @param framesPerSecond  client frames per connection per second (token bucket rate); beyond: error 4429
     * @param frameBurst       client frames a connection may send in a burst (token bucket size)
     */
    @Inject
    public ConnectionSettings(
            @ConfigProperty(name = "inbox.heartbeat.interval-seconds", defaultValue = "25") int heartbeatSeconds,
            @ConfigProperty(name = "inbox.connection.outbox.max-frames", defaultValue = "1000") int outboxMaxFrames,
            @ConfigProperty(name = "inbox.connection.outbox.max-chars", defaultValue = "1048576") long outboxMaxChars,
            @ConfigProperty(name = "inbox.connection.max-per-user", defaultValue = "5") int maxPerUser,
            @ConfigProperty(name = "inbox.connection.rate.frames-per-second", defaultValue = "50") double framesPerSecond,
            @ConfigProperty(name = "inbox.connection.rate.burst", defaultValue = "200") int frameBurst) {
        this.heartbeatSeconds = heartbeatSeconds;
        this.outboxMaxFrames = outboxMaxFrames;
        this.outboxMaxChars = outboxMaxChars;
        this.maxPerUser = maxPerUser;
        this.framesPerSecond = framesPerSecond;
        this.frameBurst = frameBurst;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    public int outboxMaxFrames() {
        return outboxMaxFrames;
    }

    public long outboxMaxChars() {
        return outboxMaxChars;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    public double framesPerSecond() {
        return framesPerSecond;
    }

    public int frameBurst() {
        return frameBurst;
    }
}
