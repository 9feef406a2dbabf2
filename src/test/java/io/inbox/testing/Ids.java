package io.inbox.testing;

import java.util.concurrent.atomic.AtomicLong;

/** Unique user ids per test run, so tests never share users and need no ordering. */
public final class Ids {
    private static final AtomicLong NEXT = new AtomicLong((System.currentTimeMillis() % 1_000_000) * 1000);

    private Ids() {
    }

    public static long user() {
        return NEXT.incrementAndGet();
    }
}
