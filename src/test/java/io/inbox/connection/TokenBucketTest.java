package io.inbox.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The frames-per-connection limit: a burst, then the rate. Time is passed in, so nothing sleeps. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAllowsTheBurstThenRefusesUntilItRefills() {
        TokenBucket bucket = new TokenBucket(50, 200, 0);
        for (int i = 0; i < 200; i++) {
            assertTrue(bucket.tryTake(0), "frame " + i + " of the burst");
        }
        assertFalse(bucket.tryTake(0));
        assertTrue(bucket.tryTake(SECOND / 50), "one token after 20 ms at 50 per second");
        assertFalse(bucket.tryTake(SECOND / 50));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        TokenBucket bucket = new TokenBucket(50, 10, 0);
        int taken = 0;
        while (bucket.tryTake(3600 * SECOND)) {
            taken++;
        }
        assertTrue(taken == 10, "an hour idle still allows only the burst: " + taken);
    }
}
