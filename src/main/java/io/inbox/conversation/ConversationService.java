package io.inbox.conversation;

import io.inbox.protocol.ConversationView;
import io.inbox.protocol.MessageView;
import io.inbox.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The application service for conversations and messages; each public method is one transaction. */
@ApplicationScoped
public class ConversationService {
    public static final int MAX_TITLE_LENGTH = 255;
    public static final int MAX_PARTICIPANTS = 1000;

    private ConversationRepository conversations;
    private MessageRepository messages;
    private ConversationDirectory directory;
    private MessageLog log;
    private UserService users;
    private Event<ConversationStarted> started;
    private Event<ReadAdvanced> readAdvanced;
    private Event<MessageChanged> messageChanged;
    private int maxMessageLength;

    protected ConversationService() {
    }

    /** @param maxMessageLength longest message, in characters (Unicode code points, as Python counts them) */
    @Inject
    public ConversationService(ConversationRepository conversations, MessageRepository messages,
                               ConversationDirectory directory, MessageLog log, UserService users,
                               Event<ConversationStarted> started, Event<ReadAdvanced> readAdvanced,
                               Event<MessageChanged> messageChanged,
                               @ConfigProperty(name = "inbox.message.max-length", defaultValue = "4000") int maxMessageLength) {
        this.conversations = conversations;
        this.messages = messages;
        this.directory = directory;
        this.log = log;
        this.users = users;
        this.started = started;
        this.readAdvanced = readAdvanced;
        this.messageChanged = messageChanged;
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Creates a conversation; the creator is always a participant and unknown ids become bare users.
     * Participants hear of it ({@code conversation_created}) once it is committed.
     */
    @Transactional
    public ConversationView create(long creatorId, List<Long> participantIds, String title) {
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            throw new InvalidInput("title must be at most " + MAX_TITLE_LENGTH + " characters");
        }
        Set<Long> members = new LinkedHashSet<>();
        members.add(creatorId);
        for (Long id : participantIds) {
            if (id == null || id <= 0) {
                throw new InvalidInput("participant_ids must be positive integers");
            }
            members.add(id);
        }
        if (members.size() > MAX_PARTICIPANTS) {
            throw new InvalidInput("at most " + MAX_PARTICIPANTS + " participants");
        }
        users.ensureExist(members);
        Conversation conversation = conversations.create(title, creatorId, members);
        ConversationView view = new ConversationView(conversation.id(), conversation.title(),
                members.stream().sorted().toList());
        started.fire(new ConversationStarted(view));
        return view;
    }

    /**
     * Marks everything up to {@code messageId} as read by the user; the position never moves back. All
     * participants hear of it ({@code read}) once committed, when it moved.
     *
     * @return whether the position moved
     */
    @Transactional
    public boolean markRead(long userId, long conversationId, long messageId) {
        requireParticipant(userId, conversationId);
        Message message = messages.find(messageId).filter(m -> m.conversationId() == conversationId)
                .orElseThrow(() -> new MessageNotFound(messageId));
        boolean moved = messages.advanceRead(conversationId, userId, message.id());
        if (moved) {
            readAdvanced.fire(new ReadAdvanced(conversationId, userId, messageId, java.time.Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }
        return moved;
    }

    /** The author replaces a message's text; participants get {@code message_updated} once committed. */
    @Transactional
    public MessageChanged edit(long userId, long messageId, String text) {
        validateText(text);
        Message message = ownMessage(userId, messageId);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        message.edit(text, now);
        MessageChanged changed = new MessageChanged(message.conversationId(), messageId, text, now.toInstant(ZoneOffset.UTC), false);
        messageChanged.fire(changed);
        return changed;
    }

    /** The author deletes a message (tombstone); participants get {@code message_deleted} once committed. */
    @Transactional
    public MessageChanged delete(long userId, long messageId) {
        Message message = ownMessage(userId, messageId);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        message.delete(now);
        messages.refreshLastMessage(message.conversationId());
        MessageChanged changed = new MessageChanged(message.conversationId(), messageId, null, null, true);
        messageChanged.fire(changed);
        return changed;
    }

    private Message ownMessage(long userId, long messageId) {
        Message message = messages.find(messageId).orElseThrow(() -> new MessageNotFound(messageId));
        if (!directory.isParticipant(message.conversationId(), userId)) {
            throw new MessageNotFound(messageId); // someone else's conversation: no hint that the id exists
        }
        if (message.senderId() != userId) {
            throw new NotTheAuthor(message.conversationId());
        }
        return message;
    }

    /** Users who share at least one conversation with this user. */
    public List<Long> contacts(long userId) {
        return conversations.contacts(userId);
    }

    /** Whether the conversation exists and the user takes part in it. */
    public boolean takesPart(long userId, long conversationId) {
        return directory.isParticipant(conversationId, userId);
    }

    /** The conversation, if the user takes part in it. */
    public ConversationView get(long userId, long conversationId) {
        List<Long> participants = requireParticipant(userId, conversationId);
        Conversation conversation = conversations.find(conversationId).orElseThrow(() -> new ConversationNotFound(conversationId));
        return new ConversationView(conversationId, conversation.title(), participants);
    }

    /** One page of the user's conversations, most recent activity first. */
    public Page<ConversationSummary> list(long userId, int offset, int limit) {
        List<Conversation> rows = conversations.listFor(userId, offset, limit);
        boolean more = rows.size() > limit;
        List<Conversation> page = more ? rows.subList(0, limit) : rows;
        List<Long> ids = page.stream().map(Conversation::id).toList();
        Map<Long, List<Long>> participants = conversations.participantIds(ids);
        Map<Long, Long> lastIds = conversations.lastMessageIds(ids);
        Map<Long, MessageView> lastMessages = messages.byIds(new ArrayList<>(lastIds.values())).stream()
                .map(log::view).collect(Collectors.toMap(MessageView::conversationId, Function.identity()));
        Map<Long, Long> unread = conversations.unreadCounts(userId, ids);
        List<ConversationSummary> summaries = page.stream().map(c -> new ConversationSummary(
                new ConversationView(c.id(), c.title(), participants.getOrDefault(c.id(), List.of())),
                lastMessages.get(c.id()), unread.getOrDefault(c.id(), 0L))).toList();
        return new Page<>(summaries, more);
    }

    /**
     * Message objects, oldest first: after {@code after}, before {@code before}, or the latest when both
     * are null.
     */
    public Page<MessageView> history(long userId, long conversationId, Long after, Long before, int limit) {
        requireParticipant(userId, conversationId);
        List<Message> rows;
        if (after != null) {
            rows = messages.after(conversationId, after, limit + 1);
            boolean more = rows.size() > limit;
            return new Page<>(views(more ? rows.subList(0, limit) : rows), more);
        }
        rows = before != null ? messages.before(conversationId, before, limit + 1) : messages.latest(conversationId, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(views(more ? rows.subList(1, rows.size()) : rows), more);
    }

    /**
     * Posts a message: validated, stored (group commit), then delivered to every participant. Completes
     * once stored and published; a retry of a stored client_id completes with the stored message.
     *
     * @throws InvalidInput empty or too long message
     * @throws ConversationNotFound unknown conversation or not a participant
     */
    public CompletionStage<Appended> post(long senderId, long conversationId, String text, String clientId) {
        validateText(text);
        requireParticipant(senderId, conversationId);
        return log.append(new NewMessage(conversationId, senderId, text, clientId));
    }

    /**
     * Oldest first, at most {@code limit}: the messages in {@code (after, upTo]} of the user's conversations,
     * or of one conversation ({@code scope}) the user takes part in.
     */
    public List<MessageView> replay(long userId, Long scope, long after, long upTo, int limit) {
        List<Message> rows = scope == null ? messages.forUser(userId, after, upTo, limit)
                : messages.between(scope, after, upTo, limit);
        return views(rows);
    }

    /** The message object of a stored message. */
    public MessageView view(Message message) {
        return log.view(message);
    }

    private void validateText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput("message must not be empty");
        }
        if (text.length() > maxMessageLength && text.codePointCount(0, text.length()) > maxMessageLength) {
            throw new InvalidInput("message is longer than " + maxMessageLength + " characters");
        }
    }

    private List<Long> requireParticipant(long userId, long conversationId) {
        List<Long> participants = directory.participants(conversationId);
        if (!participants.contains(userId)) {
            throw new ConversationNotFound(conversationId);
        }
        return participants;
    }

    private List<MessageView> views(List<Message> rows) {
        return rows.stream().map(log::view).toList();
    }
}
