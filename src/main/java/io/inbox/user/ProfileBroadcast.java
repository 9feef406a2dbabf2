package io.inbox.user;

/**
 * Tells the other instances of a cluster that a user's stored profile changed, so that they drop the copy they
 * cached. Best effort: an instance that misses it serves the old profile until its copy expires
 * ({@code inbox.cache.profiles.expire-after-write-seconds}).
 */
public interface ProfileBroadcast {

    void changed(long userId);
}
