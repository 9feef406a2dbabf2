package io.inbox.testing;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connects the way the legacy frontend does and checks that nothing is lost at connect (PROTOCOL: "No gap at
 * connect"). Each round, a receiver opens a socket and, the instant its client holds the 101 (no waiting for
 * {@code connection_established}, no {@code sync}), sends a message of its own, while the sender, already
 * connected, sends typing, a message and typing off to their conversation. The receiver must get all four
 * (its own echo, the sender's message and both typing frames) within 5 s; a round that misses any is a miss.
 */
public final class ConnectGapProbe {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final WsClient sender;
    private final URI receiverBase;
    private final long conversation;
    private final long senderId;
    private final long[] receivers;

    /**
     * @param sender       the sender's open connection (any instance)
     * @param receiverBase the instance the receivers connect to
     * @param receivers    users of the conversation who take turns as the receiver (so that the per-user
     *                     connection limit is never the reason of a miss)
     */
    public ConnectGapProbe(WsClient sender, long senderId, URI receiverBase, long conversation, long... receivers) {
        this.sender = sender;
        this.senderId = senderId;
        this.receiverBase = receiverBase;
        this.conversation = conversation;
        this.receivers = receivers;
    }

    /** Runs the rounds on {@code /ws/inbox/} ({@code chat} false) or {@code /ws/chat/{id}/}; returns the misses. */
    public List<String> run(String label, int rounds, boolean chat) {
        List<String> misses = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long receiver = receivers[round % receivers.length];
            String tag = label + "-" + round;
            String path = (chat ? "/ws/chat/" + conversation + "/" : "/ws/inbox/") + "?token=" + TestTokens.valid(receiver);
            try (RawWsClient socket = RawWsClient.connect(receiverBase, path, Map.of())) {
                socket.setAutoPong(true);
                socket.sendText(text(tag + "-own"));
                sender.send(typing(true)).send(text(tag)).send(typing(false));
                String missing = missing(socket, tag);
                if (missing != null) {
                    misses.add(tag + ": " + missing);
                }
                socket.sendClose(1000, "bye");
                socket.awaitClose(PATIENCE); // as a browser closes: the server's close frame, then the socket
            }
            for (JsonObject answer : sender.drain()) { // the sender's own echoes: not what is checked; errors are
                if ("error".equals(answer.getString("type"))) {
                    misses.add(tag + ": the sender's frame was refused: " + answer);
                }
            }
        }
        return misses;
    }

    /** What the receiver did not get within the time, or null. */
    private String missing(RawWsClient socket, String tag) {
        Set<String> expected = new HashSet<>(Set.of("own echo", "message", "typing on", "typing off"));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (!expected.isEmpty() && System.nanoTime() < deadline) {
                JsonObject frame = socket.nextText(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                seen.add(frame.getString("type", "?") + (frame.containsKey("client_id") ? " " + frame.get("client_id") : "")
                        + (frame.containsKey("is_typing") ? " " + frame.get("is_typing") : ""));
                switch (frame.getString("type", "")) {
                    case "TEXT" -> {
                        String clientId = frame.getString("client_id", "");
                        if (clientId.equals(tag + "-own")) {
                            expected.remove("own echo");
                        } else if (clientId.equals(tag)) {
                            expected.remove("message");
                        }
                    }
                    case "typing" -> {
                        if (frame.getJsonNumber("user_id").longValue() == senderId) {
                            expected.remove(frame.getBoolean("is_typing") ? "typing on" : "typing off");
                        }
                    }
                    case "error" -> {
                        return "error frame " + frame;
                    }
                    default -> {
                        // connection_established, presence_list, presence: not what is checked
                    }
                }
            }
        } catch (AssertionError timedOutOrClosed) {
            return expected + " (" + timedOutOrClosed.getMessage() + "; received " + seen + ")";
        }
        return expected.isEmpty() ? null : expected + " (received " + seen + ")";
    }

    private String text(String clientId) {
        return "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + clientId
                + "\",\"client_id\":\"" + clientId + "\"}";
    }

    private String typing(boolean on) {
        return "{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":" + on + "}";
    }
}
