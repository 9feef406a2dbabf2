package io.inbox.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One generated user's {@code /ws/inbox/} socket. Parses only what the benchmark needs (frame type, the
 * message's client_id, an error's code) with plain string search: the generator must stay cheap, it shares
 * the machine with the server.
 */
final class BenchSocket implements WebSocket.Listener {
    /** What a socket reports to its run. */
    interface Events {
        void message(BenchSocket socket, String clientId, long nanos);

        void error(BenchSocket socket, String code);

        void closed(BenchSocket socket, int code);

        void sendFailed(BenchSocket socket, Throwable failure);
    }

    final int index;
    final long userId;
    long conversationId;
    final CompletableFuture<Long> established = new CompletableFuture<>();
    private final Events events;
    private StringBuilder partial;
    private CompletableFuture<WebSocket> sendChain;
    private volatile WebSocket webSocket;
    volatile boolean closed;
    /** Stops reading after the first frame: a client whose network or device stalls. */
    volatile boolean stalled;

    BenchSocket(int index, long userId, Events events) {
        this.index = index;
        this.userId = userId;
        this.events = events;
    }

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
        sendChain = CompletableFuture.completedFuture(ws);
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (!last) {
            if (partial == null) {
                partial = new StringBuilder();
            }
            partial.append(data);
        } else {
            String frame;
            if (partial != null) {
                frame = partial.append(data).toString();
                partial = null;
            } else {
                frame = data.toString();
            }
            handle(frame, System.nanoTime());
        }
        if (!stalled) {
            ws.request(1);
        }
        return null;
    }

    private void handle(String frame, long now) {
        String type = field(frame, "type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "TEXT" -> {
                String clientId = field(frame, "client_id");
                if (clientId != null) {
                    events.message(this, clientId, now);
                }
            }
            case "connection_established" -> established.complete(now);
            case "error" -> events.error(this, number(frame, "code"));
            default -> {
                // presence, read, typing...: not measured
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed = true;
        events.closed(this, statusCode);
        established.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed = true;
        events.closed(this, 1006);
        established.completeExceptionally(error);
    }

    /** Queues a text frame behind this socket's previous one (a JDK WebSocket takes one send at a time). */
    void send(String frame) {
        synchronized (this) {
            sendChain = sendChain.thenCompose(ws -> ws.sendText(frame, true)).handle((ws, failure) -> {
                if (failure != null) {
                    events.sendFailed(this, failure);
                }
                return webSocket;
            });
        }
    }

    void close() {
        WebSocket ws = webSocket;
        if (ws != null && !closed) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
    }

    /** The string value of a top-level-looking {@code "name":"value"} pair (the server writes compact JSON). */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    private static String number(String json, String name) {
        String key = "\"" + name + "\":";
        int start = json.indexOf(key);
        if (start < 0) {
            return "?";
        }
        start += key.length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return json.substring(start, end);
    }
}
