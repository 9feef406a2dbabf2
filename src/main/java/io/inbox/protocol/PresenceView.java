package io.inbox.protocol;

import java.time.Instant;

/** A user's presence: {@code status} is online, away or offline; {@code lastSeenAt} may be null. */
public record PresenceView(long userId, String status, Instant lastSeenAt) {
    public static final String ONLINE = "online";
    public static final String AWAY = "away";
    public static final String OFFLINE = "offline";
}
