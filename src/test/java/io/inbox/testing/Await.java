package io.inbox.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for a condition by polling it until a deadline, instead of sleeping for a time that is long enough on
 * one machine and too short on a busy one. A condition not met in time fails the test with what was awaited and
 * the last value seen; a condition met is returned at once.
 */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails with {@code what} if it still does not after {@code timeout}. */
    public static void until(String what, Duration timeout, Condition condition) {
        value(what, timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * Polls {@code probe} until its value satisfies {@code done} and returns that value; fails with {@code what}
     * and the last value if none does within {@code timeout}.
     */
    public static <T> T value(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            try {
                last = probe.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(what + ": " + e, e);
            }
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s (last seen: " + last + ")");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted", e);
            }
        }
    }

    /** A condition that may throw (reading a file, calling the server). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }
}
