package io.inbox.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the messages of every instance back into one gap-free id order before this instance delivers them.
 *
 * <p>Ids are handed out from one locked database row in the committing transaction, so the committed ids
 * of the whole cluster are consecutive: the message after {@code n} is always {@code n + 1}. A message that
 * arrives ahead of its predecessor (another instance's message still on the grid) is held; when the
 * predecessor has not come within the gap timeout (an instance died between commit and publish, or the
 * grid dropped it), the gap is repaired from the database. A gap that cannot be repaired for
 * {@code giveUpNanos} is skipped, and the caller tells this instance's clients to sync.
 *
 * <p>Thread-safe; {@code sink} is called with this object's lock held, in id order, once per id.
 */
final class MessageSequencer {

    /** A routed message: who gets it and its encoded frame. */
    public record Routed(long messageId, long conversationId, Collection<Long> userIds, String frame) implements Envelopes.Item {
    }

    /** Receives messages in order. */
    interface Sink {
        void deliver(Routed message);
    }

    /** What the caller must do about a gap: repair {@code (after, upTo]} from the database. */
    record Gap(long after, long upTo) {
    }

    private final Sink sink;
    private final long gapTimeoutNanos;
    private final long giveUpNanos;
    private final int maxHeld;
    private final TreeMap<Long, Routed> held = new TreeMap<>();
    private long delivered;
    /** Whether delivery is behind (held messages, or committed ids not delivered), and since when without moving. */
    private boolean stalled;
    private long gapSince;
    /** The highest id known to be committed (from the database); delivery must reach it. */
    private long committedUpTo;

    MessageSequencer(long deliveredUpTo, long gapTimeoutNanos, long giveUpNanos, int maxHeld, Sink sink) {
        this.delivered = deliveredUpTo;
        this.committedUpTo = deliveredUpTo;
        this.gapTimeoutNanos = gapTimeoutNanos;
        this.giveUpNanos = giveUpNanos;
        this.maxHeld = maxHeld;
        this.sink = sink;
    }

    /** A committed message, from this instance's writer or from another instance. */
    synchronized void offer(Routed message, long nowNanos) {
        if (message.messageId() <= delivered) {
            return; // delivered already (a repair got there first) or committed before this instance started
        }
        held.put(message.messageId(), message);
        drain(nowNanos);
    }

    /** Every message with an id up to this one has been delivered here. */
    synchronized long deliveredUpTo() {
        return delivered;
    }

    synchronized int held() {
        return held.size();
    }

    /**
     * Called on a timer with the highest committed id read from the database: returns the range to repair
     * when a gap has lasted longer than the gap timeout (or too many messages wait behind it), else null.
     */
    synchronized Gap check(long committedId, long nowNanos) {
        if (committedId > committedUpTo) {
            committedUpTo = committedId;
        }
        if (!isBehind()) {
            stalled = false;
            return null;
        }
        if (!stalled) {
            stalled = true;
            gapSince = nowNanos;
            return null;
        }
        if (nowNanos - gapSince < gapTimeoutNanos && held.size() < maxHeld) {
            return null;
        }
        long upTo = held.isEmpty() ? committedUpTo : held.firstKey() - 1;
        return new Gap(delivered, upTo);
    }

    /**
     * The repair of {@code gap}: the messages read from the database (ascending; deleted ones left out) are
     * delivered unless something else delivered them meanwhile, and delivery moves past the gap.
     */
    synchronized void repaired(Gap gap, List<Routed> messages, long nowNanos) {
        for (Routed message : messages) {
            if (message.messageId() > delivered && message.messageId() <= gap.upTo()) {
                held.remove(message.messageId());
                sink.deliver(message);
                delivered = message.messageId();
            }
        }
        skipTo(gap.upTo(), nowNanos);
    }

    /**
     * A gap that could not be repaired: true when it has lasted {@code giveUpNanos}, in which case delivery
     * moves past it and the caller must tell every client here to sync (some messages were not delivered).
     */
    synchronized boolean giveUp(Gap gap, long nowNanos) {
        if (!stalled || nowNanos - gapSince < giveUpNanos) {
            return false;
        }
        skipTo(gap.upTo(), nowNanos);
        return true;
    }

    private void skipTo(long upTo, long nowNanos) {
        if (upTo > delivered) {
            delivered = upTo;
        }
        held.headMap(delivered, true).clear();
        stalled = false;
        drain(nowNanos);
    }

    private void drain(long nowNanos) {
        long before = delivered;
        while (!held.isEmpty() && held.firstKey() == delivered + 1) {
            Map.Entry<Long, Routed> next = held.pollFirstEntry();
            sink.deliver(next.getValue());
            delivered = next.getKey();
        }
        committedUpTo = Math.max(committedUpTo, delivered);
        if (!isBehind()) {
            stalled = false;
        } else if (!stalled || delivered != before) {
            stalled = true;
            gapSince = nowNanos; // a gap's age counts from the last progress, so a moving stream never looks stuck
        }
    }

    private boolean isBehind() {
        return !held.isEmpty() || committedUpTo > delivered;
    }
}
