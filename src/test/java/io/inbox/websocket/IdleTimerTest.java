package io.inbox.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.fake.FakeTyrusSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleTimerTest {
    private final AtomicInteger submitted = new AtomicInteger();
    private final ScheduledThreadPoolExecutor container = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            submitted.incrementAndGet();
            return super.schedule(command, delay, unit);
        }
    };

    @AfterEach
    void stop() {
        container.shutdownNow();
    }

    @Test
    void theNoOpIdleTaskOfATyrusSessionIsNotSubmitted() throws Exception {
        FakeTyrusSession session = new FakeTyrusSession(container);
        IdleTimer.skipNoOpIdleTasks(session);
        assertNotSame(container, session.scheduler());

        ScheduledFuture<?> skipped = session.scheduler().schedule(new FakeTyrusSession.IdleTimeoutCommand(), 0, TimeUnit.MILLISECONDS);
        assertTrue(skipped.isDone());
        skipped.cancel(true); // what Tyrus does with it on the next frame
        assertEquals(0, submitted.get(), "not handed to the container");
    }

    @Test
    void everythingElseStillReachesTheContainer() throws Exception {
        FakeTyrusSession session = new FakeTyrusSession(container);
        IdleTimer.skipNoOpIdleTasks(session);

        // a real idle timeout (delay > 0) and any other task go through
        session.scheduler().schedule(new FakeTyrusSession.IdleTimeoutCommand(), 5, TimeUnit.SECONDS).cancel(false);
        AtomicInteger ran = new AtomicInteger();
        Runnable other = ran::incrementAndGet;
        session.scheduler().schedule(other, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertEquals(2, submitted.get());
        assertEquals(1, ran.get());
    }

    @Test
    void wrappingTwiceWrapsOnceAndOtherSessionsAreLeftAlone() {
        FakeTyrusSession session = new FakeTyrusSession(container);
        IdleTimer.skipNoOpIdleTasks(session);
        Object wrapped = session.scheduler();
        IdleTimer.skipNoOpIdleTasks(session);
        assertSame(wrapped, session.scheduler());

        Object notTyrus = new Object();
        IdleTimer.skipNoOpIdleTasks(notTyrus); // no field, no failure
    }
}
