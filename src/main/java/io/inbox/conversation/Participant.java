package io.inbox.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDateTime;

/** A user's membership of a conversation, with how far they have read. */
@Entity
@Table(name = "participant")
@IdClass(Participant.Key.class)
public class Participant {
    @Id
    @Column(name = "conversation_id")
    private long conversationId;
    @Id
    @Column(name = "user_id")
    private long userId;
    @Column(name = "joined_at", nullable = false)
    private LocalDateTime joinedAt;
    @Column(name = "last_read_message_id", nullable = false)
    private long lastReadMessageId;

    protected Participant() {
    }

    public Participant(long conversationId, long userId, LocalDateTime now) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.joinedAt = now;
    }

    public long conversationId() {
        return conversationId;
    }

    public long userId() {
        return userId;
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        private long conversationId;
        private long userId;

        public Key() {
        }

        public Key(long conversationId, long userId) {
            this.conversationId = conversationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.conversationId == conversationId && k.userId == userId;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(conversationId) * 31 + Long.hashCode(userId);
        }
    }
}
