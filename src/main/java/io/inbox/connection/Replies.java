package io.inbox.connection;

import io.inbox.monitoring.InboxMetrics;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sends one event to one connection (answers, snapshots, replays): encoded, counted, queued. */
@ApplicationScoped
public class Replies {
    private FrameCodec codec;
    private InboxMetrics metrics;

    protected Replies() {
    }

    @Inject
    public Replies(FrameCodec codec, InboxMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    public void send(Connection connection, ServerEvent event) {
        connection.send(encode(event));
    }

    /** The frame of an event to this one connection, counted as sent. */
    public String encode(ServerEvent event) {
        String frame = codec.encode(event);
        if (event instanceof ServerEvent.Error error) {
            metrics.error(error.code().code());
        }
        metrics.framesOut(frame, 1);
        return frame;
    }
}
