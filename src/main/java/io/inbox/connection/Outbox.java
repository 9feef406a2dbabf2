package io.inbox.connection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's bounded outgoing queue, drained one frame at a time through its {@link Transport}.
 * Offering never blocks. Frames queue from the moment the connection is admitted at the handshake and are
 * written once the transport is attached ({@link #start}). When the queue holds more than {@code maxFrames}
 * frames or {@code maxChars} characters, the frame is refused and {@code onOverflow} runs once (the
 * connection is then closed with 1013): a client that stops reading costs at most its limits, and never
 * slows anyone else.
 */
final class Outbox {
    private final int maxFrames;
    private final long maxChars;
    private final Runnable onOverflow;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicLong chars = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Transport transport;
    private final Object drained = new Object();
    private volatile boolean awaited;

    Outbox(int maxFrames, long maxChars, Runnable onOverflow) {
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.onOverflow = onOverflow;
    }

    /** Queues a frame; false when the outbox is closed or just overflowed. */
    boolean offer(String frame) {
        if (closed.get()) {
            return false;
        }
        int queuedFrames = frames.incrementAndGet();
        long queuedChars = chars.addAndGet(frame.length());
        if (queuedFrames > maxFrames || queuedChars > maxChars) {
            frames.decrementAndGet();
            chars.addAndGet(-frame.length());
            overflow();
            return false;
        }
        queue.add(frame);
        drain();
        return true;
    }

    /**
     * Waits until fewer than {@code frames} frames are waiting (a replay paces itself with this). False when
     * the time ran out or the outbox closed.
     */
    boolean awaitDepthBelow(int frames, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (drained) {
            while (this.frames.get() >= frames && !closed.get()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                awaited = true;
                drained.wait(Math.min(left, 50));
            }
        }
        return !closed.get();
    }

    int maxFrames() {
        return maxFrames;
    }

    long maxChars() {
        return maxChars;
    }

    long chars() {
        return chars.get();
    }

    /** Starts writing, to this transport, what was queued so far and everything after. */
    void start(Transport transport) {
        this.transport = transport;
        drain();
    }

    /** Frames waiting or being written. */
    int depth() {
        return frames.get();
    }

    /** Drops everything queued; later offers are refused. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            dropQueued();
        }
    }

    /** Empties the queue and takes the dropped frames out of the counts (a write in flight still counts). */
    private void dropQueued() {
        String dropped;
        while ((dropped = queue.poll()) != null) {
            frames.decrementAndGet();
            chars.addAndGet(-dropped.length());
        }
    }

    /** Refuses everything from now on and runs the overflow action (closes the connection with 1013). */
    void overflow() {
        if (closed.compareAndSet(false, true)) {
            dropQueued();
            onOverflow.run();
        }
    }

    /**
     * Starts the next write unless one is in flight. Writes that complete inline (in the caller's thread)
     * loop here instead of recursing, so a long queue cannot overflow the stack.
     */
    private void drain() {
        Transport wire = transport;
        while (wire != null && !closed.get() && sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            Completion completion = new Completion(next.length());
            wire.write(next, completion);
            if (!completion.returned()) {
                return; // the completion continues draining
            }
        }
    }

    /** Accounts for one written frame and continues draining, inline or from the transport's thread. */
    private final class Completion implements Transport.Written {
        private static final int PENDING = 0;
        private static final int RETURNED = 1;
        private static final int DONE = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private final int length;

        Completion(int length) {
            this.length = length;
        }

        @Override
        public void completed(boolean ok) {
            frames.decrementAndGet();
            chars.addAndGet(-length);
            sending.set(false);
            if (awaited) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
            if (!ok) {
                close();
                return;
            }
            if (state.getAndSet(DONE) == RETURNED) {
                drain();
            }
        }

        /** Called after the write returned: true if it already completed (the caller keeps looping). */
        boolean returned() {
            return state.getAndSet(RETURNED) == DONE;
        }
    }
}
