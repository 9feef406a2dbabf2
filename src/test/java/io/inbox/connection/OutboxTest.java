package io.inbox.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounded, one-write-at-a-time outgoing queue, against a hand-written transport. */
class OutboxTest {

    private static final int UNBOUNDED_FRAMES = Integer.MAX_VALUE;
    private static final long UNBOUNDED_CHARS = Long.MAX_VALUE;

    /**
     * Records every frame written and every completion outstanding. In inline mode a write completes inside
     * {@code write}; otherwise the completion is kept until the test completes it.
     */
    static final class FakeTransport implements Transport {
        final List<String> written = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<Written> pending = new ConcurrentLinkedQueue<>();
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();
        volatile boolean inline;
        /** In inline mode, whether the writes fail. */
        volatile boolean inlineFailure;

        @Override
        public void write(String text, Written done) {
            int now = outstanding.incrementAndGet();
            maxOutstanding.accumulateAndGet(now, Math::max);
            written.add(text);
            if (inline) {
                outstanding.decrementAndGet();
                done.completed(!inlineFailure);
            } else {
                pending.add(done);
            }
        }

        @Override
        public void ping(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(io.inbox.protocol.CloseCode code, String reason) {
            throw new UnsupportedOperationException();
        }

        /** Completes the oldest held write; the write no longer counts as outstanding when its completion runs. */
        boolean completeNext(boolean ok) {
            Written done = pending.poll();
            if (done == null) {
                return false;
            }
            outstanding.decrementAndGet();
            done.completed(ok);
            return true;
        }

        void completeNextOk() {
            assertTrue(completeNext(true), "no write was in flight");
        }

        List<String> writtenCopy() {
            synchronized (written) {
                return new ArrayList<>(written);
            }
        }
    }

    private final FakeTransport remote = new FakeTransport();
    private final AtomicInteger overflows = new AtomicInteger();

    private Outbox outbox(int maxFrames, long maxChars) {
        Outbox outbox = new Outbox(maxFrames, maxChars, overflows::incrementAndGet);
        outbox.start(remote);
        return outbox;
    }

    private static boolean failed() {
        return false;
    }

    // ------------------------------------------------------------------ ordering

    @Test
    @DisplayName("frames are written in offer order, one write in flight at a time")
    void orderAndOneWriteInFlight() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        for (int i = 0; i < 5; i++) {
            assertTrue(outbox.offer("f" + i));
        }
        assertEquals(List.of("f0"), remote.writtenCopy(), "only the first frame is written while it is in flight");
        assertEquals(1, remote.pending.size());

        for (int i = 1; i < 5; i++) {
            remote.completeNextOk();
            assertEquals(i + 1, remote.written.size());
            assertEquals(1, remote.pending.size(), "exactly one write outstanding");
        }
        remote.completeNextOk();

        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), remote.writtenCopy());
        assertEquals(1, remote.maxOutstanding.get(), "never two outstanding handlers");
        assertTrue(remote.pending.isEmpty());
    }

    @Test
    @DisplayName("inline completion writes everything at once, in order")
    void inlineCompletion() {
        remote.inline = true;
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        for (int i = 0; i < 100; i++) {
            assertTrue(outbox.offer("f" + i));
            assertEquals(0, outbox.depth());
        }
        assertEquals(100, remote.written.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("f" + i, remote.written.get(i));
        }
        assertEquals(1, remote.maxOutstanding.get());
        assertEquals(0, outbox.depth());
    }

    @Test
    @Timeout(60)
    @DisplayName("inline completion of 100,000 queued frames loops instead of recursing (small stack)")
    void inlineCompletionDoesNotOverflowTheStack() throws InterruptedException {
        int queued = 100_000;
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        assertTrue(outbox.offer("held"));
        for (int i = 0; i < queued; i++) {
            assertTrue(outbox.offer(Integer.toString(i)));
        }
        assertEquals(queued + 1, outbox.depth());
        assertEquals(1, remote.written.size());

        remote.inline = true;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // a deliberately small stack: even a few thousand nested frames would overflow it
        Thread releaser = new Thread(null, () -> {
            try {
                remote.completeNextOk();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "releaser", 256 * 1024);
        releaser.start();
        releaser.join();

        if (failure.get() != null) {
            fail("releasing the held write failed: " + failure.get(), failure.get());
        }
        assertEquals(queued + 1, remote.written.size());
        List<String> written = remote.writtenCopy();
        assertEquals("held", written.get(0));
        for (int i = 0; i < queued; i++) {
            if (!written.get(i + 1).equals(Integer.toString(i))) {
                fail("frame " + i + " out of order: " + written.get(i + 1));
            }
        }
        assertEquals(0, outbox.depth());
        assertEquals(1, remote.maxOutstanding.get());
        assertEquals(0, overflows.get());
    }

    @Test
    @DisplayName("deferred completion: each completion writes the next frame")
    void deferredCompletion() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        assertTrue(outbox.offer("a"));
        assertEquals(List.of("a"), remote.writtenCopy());
        remote.completeNextOk();
        assertTrue(remote.pending.isEmpty(), "nothing left to write");

        assertTrue(outbox.offer("b"));
        assertTrue(outbox.offer("c"));
        assertEquals(List.of("a", "b"), remote.writtenCopy());
        remote.completeNextOk();
        assertEquals(List.of("a", "b", "c"), remote.writtenCopy());
        remote.completeNextOk();
        assertTrue(remote.pending.isEmpty());

        // idle again: the next offer writes at once
        assertTrue(outbox.offer("d"));
        assertEquals(List.of("a", "b", "c", "d"), remote.writtenCopy());
        remote.completeNextOk();
        assertEquals(0, outbox.depth());
        assertEquals(1, remote.maxOutstanding.get());
    }

    @Test
    @DisplayName("switching between deferred and inline completion keeps order")
    void mixedCompletion() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        outbox.offer("a");
        outbox.offer("b");
        remote.inline = true;
        outbox.offer("c"); // queued behind the held "a"
        remote.completeNextOk(); // b and c complete inline
        remote.inline = false;
        outbox.offer("d");
        remote.completeNextOk();

        assertEquals(List.of("a", "b", "c", "d"), remote.writtenCopy());
        assertEquals(0, outbox.depth());
        assertEquals(1, remote.maxOutstanding.get());
    }

    // ------------------------------------------------------------------ bounds

    @Test
    @DisplayName("frame bound: with maxFrames=3 and a write held, the 4th offer overflows once")
    void frameBound() {
        Outbox outbox = outbox(3, UNBOUNDED_CHARS);
        assertTrue(outbox.offer("1"));
        assertTrue(outbox.offer("2"));
        assertTrue(outbox.offer("3"));
        assertEquals(0, overflows.get());

        assertFalse(outbox.offer("4"));
        assertEquals(1, overflows.get());

        assertFalse(outbox.offer("5"));
        assertFalse(outbox.offer("6"));
        assertEquals(1, overflows.get(), "onOverflow runs exactly once");

        // the held write completes: nothing queued before the overflow is written any more
        remote.completeNextOk();
        assertFalse(outbox.offer("7"));
        assertEquals(1, overflows.get());
        assertEquals(List.of("1"), remote.writtenCopy());
        assertTrue(remote.pending.isEmpty());
    }

    @Test
    @DisplayName("frame bound counts frames waiting, not frames ever written")
    void frameBoundIsAboutTheQueue() {
        remote.inline = true;
        Outbox outbox = outbox(3, UNBOUNDED_CHARS);
        for (int i = 0; i < 50; i++) {
            assertTrue(outbox.offer("f" + i));
        }
        assertEquals(0, overflows.get());
        assertEquals(50, remote.written.size());
    }

    @Test
    @DisplayName("character bound: maxChars=10, 4+4 fine, a third 4 overflows")
    void charBound() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, 10);
        assertTrue(outbox.offer("aaaa"));
        assertTrue(outbox.offer("bbbb"));
        assertEquals(0, overflows.get());

        assertFalse(outbox.offer("cccc"));
        assertEquals(1, overflows.get());
        assertFalse(outbox.offer("d"));
        assertEquals(1, overflows.get());
        assertEquals(List.of("aaaa"), remote.writtenCopy());
    }

    @Test
    @DisplayName("character bound: exactly maxChars is accepted, and completed writes free their characters")
    void charBoundEdge() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, 10);
        assertTrue(outbox.offer("aaaa"));
        assertTrue(outbox.offer("bbbbbb")); // 10 characters: at the bound, not over it
        remote.completeNextOk();            // "aaaa" written: 6 characters left
        assertTrue(outbox.offer("cccc"));   // 10 again
        assertEquals(0, overflows.get());
        remote.completeNextOk();
        remote.completeNextOk();
        assertEquals(List.of("aaaa", "bbbbbb", "cccc"), remote.writtenCopy());
        assertEquals(0, outbox.depth());
    }

    // ------------------------------------------------------------------ failure, depth, close

    @Test
    @DisplayName("a failed write closes the outbox without running onOverflow")
    void failedWriteCloses() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        assertTrue(outbox.offer("a"));
        assertTrue(outbox.offer("b"));

        assertTrue(remote.completeNext(failed()));

        assertFalse(outbox.offer("c"));
        assertEquals(0, overflows.get());
        assertEquals(List.of("a"), remote.writtenCopy(), "nothing is written after a failed write");
        assertTrue(remote.pending.isEmpty());
    }

    @Test
    @DisplayName("a write that fails inline closes the outbox too")
    void failedInlineWriteCloses() {
        remote.inline = true;
        remote.inlineFailure = true;
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        assertTrue(outbox.offer("a"));
        assertFalse(outbox.offer("b"));
        assertEquals(List.of("a"), remote.writtenCopy());
        assertEquals(0, overflows.get());
    }

    @Test
    @DisplayName("depth() counts frames waiting or in flight and returns to 0")
    void depth() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        assertEquals(0, outbox.depth());

        outbox.offer("a");
        assertEquals(1, outbox.depth(), "the frame in flight counts");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(3, outbox.depth());

        remote.completeNextOk();
        assertEquals(2, outbox.depth());
        remote.completeNextOk();
        assertEquals(1, outbox.depth());
        remote.completeNextOk();
        assertEquals(0, outbox.depth());
    }

    @Test
    @DisplayName("close() drops queued frames and refuses later offers")
    void close() {
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");

        outbox.close();
        assertFalse(outbox.offer("d"));

        remote.completeNextOk(); // the write in flight when closing completes
        assertEquals(List.of("a"), remote.writtenCopy(), "no queued frame is written after close()");
        assertTrue(remote.pending.isEmpty());
        assertFalse(outbox.offer("e"));
        assertEquals(0, overflows.get(), "close() is not an overflow");

        outbox.close(); // idempotent
        assertFalse(outbox.offer("f"));
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    @Timeout(120)
    @DisplayName("8 threads x 10,000 frames, completions pumped by another thread: each written once, in per-thread order")
    void concurrentOffers() throws InterruptedException {
        int threads = 8;
        int perThread = 10_000;
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();

        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread producer = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (!outbox.offer(thread + ":" + i)) {
                            throw new AssertionError("offer refused: " + thread + ":" + i);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "producer-" + t);
            producers.add(producer);
            producer.start();
        }

        Thread pump = new Thread(() -> {
            try {
                while (producing.get() || !remote.pending.isEmpty()) {
                    if (!remote.completeNext(true)) {
                        Thread.onSpinWait();
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "pump");
        pump.start();

        start.countDown();
        for (Thread producer : producers) {
            producer.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (remote.written.size() < threads * perThread && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        producing.set(false);
        pump.join();

        assertNull(failure.get(), () -> "a thread failed: " + failure.get());
        List<String> written = remote.writtenCopy();
        assertEquals(threads * perThread, written.size(),
                "frames written (depth left: " + outbox.depth() + ")");
        assertEquals(threads * perThread, new HashSet<>(written).size(), "a frame was written twice");

        int[] next = new int[threads];
        for (String frame : written) {
            int colon = frame.indexOf(':');
            int thread = Integer.parseInt(frame.substring(0, colon));
            int index = Integer.parseInt(frame.substring(colon + 1));
            assertEquals(next[thread], index, "thread " + thread + " out of order");
            next[thread]++;
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, next[t]);
        }
        assertEquals(1, remote.maxOutstanding.get(), "never two outstanding handlers");
        assertEquals(0, outbox.depth());
        assertEquals(0, overflows.get());
        assertTrue(remote.pending.isEmpty());
    }

    @Test
    @Timeout(120)
    @DisplayName("concurrent offers with inline completion: each written once, in per-thread order, one at a time")
    void concurrentOffersInline() throws InterruptedException {
        remote.inline = true;
        int threads = 8;
        int perThread = 10_000;
        Outbox outbox = outbox(UNBOUNDED_FRAMES, UNBOUNDED_CHARS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread producer = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        outbox.offer(thread + ":" + i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            producers.add(producer);
            producer.start();
        }
        start.countDown();
        for (Thread producer : producers) {
            producer.join();
        }

        assertNull(failure.get());
        List<String> written = remote.writtenCopy();
        assertEquals(threads * perThread, written.size());
        Set<String> unique = new HashSet<>(written);
        assertEquals(threads * perThread, unique.size());
        int[] next = new int[threads];
        for (String frame : written) {
            int colon = frame.indexOf(':');
            int thread = Integer.parseInt(frame.substring(0, colon));
            assertEquals(next[thread]++, Integer.parseInt(frame.substring(colon + 1)));
        }
        assertEquals(1, remote.maxOutstanding.get());
        assertEquals(0, outbox.depth());
    }
}
