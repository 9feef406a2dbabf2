package io.inbox.presence;

import io.inbox.conversation.ConversationDirectory;
import io.inbox.delivery.Delivery;
import io.inbox.platform.ServerExecutors;
import io.inbox.protocol.ServerEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Typing indicators: forwarded to the other participants (never the typer's own connections), never
 * stored. A refresh within {@code inbox.typing.throttle-millis} is not forwarded again; without a refresh
 * for {@code inbox.typing.expiry-seconds} the server itself sends {@code is_typing: false}, as it does when
 * the typer's last connection closes.
 */
@ApplicationScoped
public class TypingService {

    private Delivery delivery;
    private ConversationDirectory directory;
    private ScheduledExecutorService scheduler;
    private int expirySeconds;
    private long throttleMillis;

    protected TypingService() {
    }

    /**
     * @param expirySeconds  without a refresh for this long, the server sends {@code is_typing: false} itself
     * @param throttleMillis a refresh within this time is not forwarded again
     */
    @Inject
    public TypingService(Delivery delivery, ConversationDirectory directory, ServerExecutors executors,
                         @ConfigProperty(name = "inbox.typing.expiry-seconds", defaultValue = "6") int expirySeconds,
                         @ConfigProperty(name = "inbox.typing.throttle-millis", defaultValue = "2000") long throttleMillis) {
        this.delivery = delivery;
        this.directory = directory;
        this.scheduler = executors.scheduler();
        this.expirySeconds = expirySeconds;
        this.throttleMillis = throttleMillis;
    }

    private final Map<Key, Typing> typing = new ConcurrentHashMap<>();

    private record Key(long userId, long conversationId) {
    }

    private static final class Typing {
        long forwardedAt;
        ScheduledFuture<?> expiry;
    }

    /** The user (a participant: checked by the caller) starts, refreshes or stops typing. */
    public void set(long userId, long conversationId, boolean isTyping) {
        Key key = new Key(userId, conversationId);
        if (!isTyping) {
            stop(key);
            return;
        }
        long now = System.currentTimeMillis();
        boolean[] forward = {false};
        typing.compute(key, (k, state) -> {
            Typing current = state == null ? new Typing() : state;
            if (state == null || now - current.forwardedAt >= throttleMillis) {
                current.forwardedAt = now;
                forward[0] = true;
            }
            if (current.expiry != null) {
                current.expiry.cancel(false);
            }
            current.expiry = scheduler.schedule(() -> stop(key), expirySeconds, TimeUnit.SECONDS);
            return current;
        });
        if (forward[0]) {
            forward(key, true);
        }
    }

    /** The user's last connection closed: every indicator of theirs stops now. */
    public void userGone(long userId) {
        typing.keySet().stream().filter(k -> k.userId() == userId).toList().forEach(this::stop);
    }

    private void stop(Key key) {
        Typing state = typing.remove(key);
        if (state != null) {
            if (state.expiry != null) {
                state.expiry.cancel(false);
            }
            forward(key, false);
        }
    }

    private void forward(Key key, boolean isTyping) {
        List<Long> others = directory.participants(key.conversationId()).stream()
                .filter(id -> id != key.userId()).toList();
        delivery.toUsers(others, new ServerEvent.Typing(key.conversationId(), key.userId(), isTyping));
    }

    @PreDestroy
    void stopAll() {
        typing.values().forEach(t -> {
            if (t.expiry != null) {
                t.expiry.cancel(false);
            }
        });
    }
}
