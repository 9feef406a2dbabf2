package io.inbox.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A user. The id is the token's numeric subject (the Django user id); it is never generated here. */
@Entity
@Table(name = "inbox_user")
public class User {
    @Id
    private long id;
    private String username;
    private String name;
    private String avatar;
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;
    @Column(name = "last_seen_at")
    private LocalDateTime lastSeenAt;

    protected User() {
    }

    public User(long id, String username, String name, String avatar, LocalDateTime now) {
        this.id = id;
        this.username = username;
        this.name = name;
        this.avatar = avatar;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public long id() {
        return id;
    }

    /** When the user's last connection closed (UTC), or null. */
    public LocalDateTime lastSeenAt() {
        return lastSeenAt;
    }

    public Profile profile() {
        return new Profile(id, username, name, avatar);
    }

    /** Takes the claims' values; returns whether anything changed. */
    public boolean refresh(Profile claims, LocalDateTime now) {
        boolean changed = !claims.equals(profile());
        if (changed) {
            username = claims.username();
            name = claims.name();
            avatar = claims.avatar();
            updatedAt = now;
        }
        return changed;
    }
}
