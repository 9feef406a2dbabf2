package io.inbox.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inbox.connection.Transport;
import io.inbox.protocol.CloseCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A transport that records what the server writes, as a client would read it: every frame parsed, in order,
 * in a queue the test takes from ({@link #next}, 2 s at most, asserted). It can stop reading ({@link #stall}):
 * writes then stay in flight until {@link #resume}.
 */
public final class RecordingTransport implements Transport {
    private static final long TIMEOUT_MILLIS = 2_000;

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final Queue<Written> inFlight = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<CloseCode> closed = new CompletableFuture<>();
    private volatile boolean stalled;
    private volatile int pings;

    @Override
    public void write(String frame, Written done) {
        frames.add(Json.createReader(new StringReader(frame)).readObject());
        if (stalled) {
            inFlight.add(done);
        } else {
            done.completed(true);
        }
    }

    @Override
    public void ping(byte[] payload) {
        pings++;
    }

    @Override
    public void close(CloseCode code, String reason) {
        closed.complete(code);
    }

    /** The client stops reading: the write in flight is never completed. */
    public void stall() {
        stalled = true;
    }

    /** The client reads again. */
    public void resume() {
        stalled = false;
        Written done;
        while ((done = inFlight.poll()) != null) {
            done.completed(true);
        }
    }

    public int pings() {
        return pings;
    }

    /** The next frame; fails if none comes within 2 s. */
    public JsonObject next() {
        return next(f -> true);
    }

    /** The next frame of this type, skipping others; fails if none comes within 2 s. */
    public JsonObject next(String type) {
        return next(f -> type.equals(f.getString("type", null)));
    }

    /** The next frame that matches, skipping others; fails if none comes within 2 s. */
    public JsonObject next(Predicate<JsonObject> wanted) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        try {
            while (true) {
                JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertNotNull(frame, "no matching frame within " + TIMEOUT_MILLIS + " ms");
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything received and not taken yet. */
    public List<JsonObject> drain() {
        List<JsonObject> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** Asserts that nothing arrives within the time. */
    public void expectSilence(long millis) {
        try {
            JsonObject frame = frames.poll(millis, TimeUnit.MILLISECONDS);
            assertNull(frame, () -> "unexpected frame: " + frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts that no frame of this type arrives within the time (others are taken and dropped). */
    public void expectNo(String type, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            JsonObject frame;
            while ((frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                JsonObject unexpected = frame;
                assertNull(type.equals(frame.getString("type", null)) ? unexpected : null, () -> "unexpected frame: " + unexpected);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The close code the server closed with; fails if it did not within 2 s. */
    public CloseCode awaitClose() {
        return closed.copy().orTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }
}
