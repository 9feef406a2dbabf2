package io.inbox.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A conversation between its participants. Times are UTC. */
@Entity
@Table(name = "conversation")
public class Conversation {
    @Id
    @SequenceGenerator(name = "conversation_seq", sequenceName = "conversation_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "conversation_seq")
    private long id;
    private String title;
    @Column(name = "created_by", nullable = false)
    private long createdBy;
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;
    @Column(name = "last_message_id")
    private Long lastMessageId;
    @Column(name = "last_activity_at", nullable = false)
    private LocalDateTime lastActivityAt;

    protected Conversation() {
    }

    public Conversation(String title, long createdBy, LocalDateTime now) {
        this.title = title;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.lastActivityAt = now;
    }

    public long id() {
        return id;
    }

    public String title() {
        return title;
    }
}
