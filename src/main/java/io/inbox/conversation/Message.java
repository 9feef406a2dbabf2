package io.inbox.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * A stored message. Its id is assigned by {@link MessageLog} inside the inserting transaction, in commit
 * order (see the message_clock table), never by a JPA generator.
 */
@Entity
@Table(name = "message")
public class Message {
    @Id
    private long id;
    @Column(name = "conversation_id", nullable = false)
    private long conversationId;
    @Column(name = "sender_id", nullable = false)
    private long senderId;
    @Column(nullable = false)
    private String body;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;
    @Column(name = "edited_at")
    private LocalDateTime editedAt;
    @Column(name = "deleted_at")
    private LocalDateTime deletedAt;

    protected Message() {
    }

    public Message(long id, long conversationId, long senderId, String body, String clientId, LocalDateTime createdAt) {
        this.id = id;
        this.conversationId = conversationId;
        this.senderId = senderId;
        this.body = body;
        this.clientId = clientId;
        this.createdAt = createdAt;
    }

    public long id() {
        return id;
    }

    public long conversationId() {
        return conversationId;
    }

    public long senderId() {
        return senderId;
    }

    public String body() {
        return body;
    }

    public String clientId() {
        return clientId;
    }

    public LocalDateTime createdAt() {
        return createdAt;
    }

    public LocalDateTime editedAt() {
        return editedAt;
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Replaces the text (the author's edit). */
    public void edit(String newBody, LocalDateTime now) {
        body = newBody;
        editedAt = now;
    }

    /** Tombstones the message: it leaves history, sync and unread counts; its id is never reused. */
    public void delete(LocalDateTime now) {
        deletedAt = now;
    }
}
