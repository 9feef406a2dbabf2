package io.inbox.connection;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@code sync} exact on a connection that keeps receiving live messages.
 *
 * <p>This instance publishes messages in id order, so the live messages a connection receives are exactly
 * the relevant messages from the first one published after it registered ({@code firstLiveId}) onwards.
 * While a replay runs, live messages are held back; when it ends, those the replay already covered (id up
 * to its upper bound) are dropped and the rest follow in order. A replay therefore covers
 * {@code (after, firstLiveId)} and {@code (lastLiveId, upTo]}: every message once, none twice. The upper
 * bound must be the highest id whose live delivery is done (not merely committed): a committed message
 * still waiting to be published would otherwise be replayed and then delivered live as well.
 */
public final class SyncWindow {
    private long firstLiveId;
    private long lastLiveId;
    private boolean syncing;
    private final List<Held> held = new ArrayList<>();
    private int heldChars;

    /** A live message held back during a replay. */
    record Held(long messageId, String frame) {
    }

    /** The id ranges a replay must cover (each {@code (from, to]}), given the live messages seen so far. */
    public record Plan(long[][] ranges) {
    }

    /** Records a live message; returns false when it must be held back (a replay is running). */
    synchronized boolean live(long messageId, String frame) {
        if (firstLiveId == 0) {
            firstLiveId = messageId;
        }
        if (syncing) {
            held.add(new Held(messageId, frame));
            heldChars += frame.length();
            return false;
        }
        lastLiveId = Math.max(lastLiveId, messageId);
        return true;
    }

    synchronized int heldChars() {
        return heldChars;
    }

    synchronized int heldFrames() {
        return held.size();
    }

    /** Starts a replay of everything after {@code after} up to {@code upTo}; null if one is running already. */
    synchronized Plan begin(long after, long upTo) {
        if (syncing) {
            return null;
        }
        syncing = true;
        if (lastLiveId == 0) {
            return new Plan(new long[][] {{after, upTo}});
        }
        long beforeLive = Math.min(upTo, firstLiveId - 1);
        long afterLive = Math.max(after, lastLiveId);
        List<long[]> ranges = new ArrayList<>();
        if (beforeLive > after) {
            ranges.add(new long[] {after, beforeLive});
        }
        if (upTo > afterLive) {
            ranges.add(new long[] {afterLive, upTo});
        }
        return new Plan(ranges.toArray(new long[0][]));
    }

    /**
     * Ends the replay: returns the held live messages the replay did not cover (id above {@code upTo}), in
     * order, and lets live messages through again. The caller sends them before anything else arrives.
     */
    synchronized List<Held> end(long upTo) {
        List<Held> release = held.stream().filter(h -> h.messageId() > upTo).toList();
        held.clear();
        heldChars = 0;
        syncing = false;
        release.forEach(h -> lastLiveId = Math.max(lastLiveId, h.messageId()));
        return release;
    }

    synchronized long lastLiveId() {
        return lastLiveId;
    }
}
