package io.inbox.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately dumb WebSocket client for tests that need to misbehave: a plain {@link Socket} speaking
 * RFC 6455 by hand. Unlike the JDK's {@code java.net.http.WebSocket} it
 * <ul>
 * <li>never answers pings unless {@link #setAutoPong(boolean) asked to} (to let a server's heartbeat fire),</li>
 * <li>reads only when the test calls a read method (to fill the server's outgoing queue: stop calling them,
 * optionally with a small {@linkplain #connect(URI, String, Map, int) receive buffer}).</li>
 * </ul>
 * Reading is synchronous and single-threaded: {@link #readFrame(Duration)}, {@link #nextText(Duration)} and
 * {@link #awaitClose(Duration)} are meant to be called from the test thread only. Sending may happen from any
 * thread (writes are serialized). I/O failures surface as {@link UncheckedIOException}.
 */
public final class RawWsClient implements AutoCloseable {
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    /** Close code reported by {@link #awaitClose(Duration)} when the TCP connection ended without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** Close code reported for a close frame without a payload. */
    public static final int NO_STATUS_RECEIVED = 1005;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int HANDSHAKE_TIMEOUT_MS = 5_000;
    /** Once a frame's first byte has arrived, how long the rest of it may take. */
    private static final int MID_FRAME_TIMEOUT_MS = 5_000;
    private static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One frame as received: opcode, (unmasked) payload, and whether it is the final fragment. */
    public record Frame(int opcode, byte[] payload, boolean fin) {
        /** The payload decoded as UTF-8. */
        public String text() {
            return new String(payload, UTF_8);
        }

        public boolean isControl() {
            return (opcode & 0x8) != 0;
        }

        @Override
        public String toString() {
            return "Frame[opcode=" + opcode + ", fin=" + fin + ", length=" + payload.length + "]";
        }
    }

    /** How the connection was closed: the close frame's code and reason, or {@code 1006} with no frame. */
    public record Closed(int code, String reason) {
    }

    /** The server answered the upgrade request with something other than {@code 101}. */
    public static final class HandshakeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String statusLine;

        HandshakeException(int status, String statusLine, String message) {
            super(message);
            this.status = status;
            this.statusLine = statusLine;
        }

        /** The HTTP status code, or -1 if the status line could not be parsed. */
        public int status() {
            return status;
        }

        public String statusLine() {
            return statusLine;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Map<String, String> handshakeHeaders;
    private final AtomicInteger pings = new AtomicInteger();
    private volatile boolean autoPong;
    private volatile Closed closeReceived;
    private volatile boolean closeSent;

    private RawWsClient(Socket socket, InputStream in, Map<String, String> handshakeHeaders) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(in));
        this.out = socket.getOutputStream();
        this.handshakeHeaders = handshakeHeaders;
    }

    // ------------------------------------------------------------------------------------------------ connect

    /**
     * Opens a connection and performs the upgrade handshake.
     *
     * @param base         the server's HTTP base, e.g. {@code http://localhost:12345/} ({@code ws:} also accepted)
     * @param pathAndQuery appended to the base's path, e.g. {@code /ws?token=...}
     * @param extraHeaders sent with the upgrade request (e.g. {@code Origin}, {@code Authorization}); may be null
     * @throws HandshakeException if the answer is not {@code 101}; its message contains the status line
     */
    public static RawWsClient connect(URI base, String pathAndQuery, Map<String, String> extraHeaders) {
        return connect(base, pathAndQuery, extraHeaders, 0);
    }

    /**
     * Like {@link #connect(URI, String, Map)}, with the socket's receive buffer set to {@code receiveBufferBytes}
     * before connecting (so that a client that stops reading backs up quickly); 0 keeps the default.
     */
    public static RawWsClient connect(URI base, String pathAndQuery, Map<String, String> extraHeaders,
            int receiveBufferBytes) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("ws")) {
            throw new IllegalArgumentException("only http:/ws: (plain TCP) is supported: " + base);
        }
        String host = base.getHost();
        int port = base.getPort() == -1 ? 80 : base.getPort();
        String target = requestTarget(base, pathAndQuery);

        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);

            byte[] keyBytes = new byte[16];
            RANDOM.nextBytes(keyBytes);
            String key = Base64.getEncoder().encodeToString(keyBytes);

            StringBuilder request = new StringBuilder()
                    .append("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader(host, base.getPort())).append("\r\n")
                    .append("Upgrade: websocket\r\n")
                    .append("Connection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            if (extraHeaders != null) {
                extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(UTF_8));
            out.flush();

            // byte by byte on the raw stream so that nothing after the head is consumed
            InputStream raw = socket.getInputStream();
            String head = readResponseHead(raw);
            String[] lines = head.split("\r\n");
            String statusLine = lines[0];
            int status = parseStatus(statusLine);
            if (status != 101) {
                throw new HandshakeException(status, statusLine,
                        "WebSocket upgrade of " + target + " refused: " + statusLine);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = lines[i].substring(colon + 1).trim();
                    headers.merge(name, value, (a, b) -> a + ", " + b);
                }
            }
            String expected = acceptFor(key);
            String accept = headers.get("sec-websocket-accept");
            if (!expected.equals(accept)) {
                throw new HandshakeException(status, statusLine, "bad Sec-WebSocket-Accept: expected " + expected
                        + " but got " + accept + " (" + statusLine + ")");
            }
            return new RawWsClient(socket, raw, Collections.unmodifiableMap(headers));
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("WebSocket connect to " + base + " " + target + " failed: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The {@code Sec-WebSocket-Accept} value for a key (RFC 6455 section 4.2.2). */
    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 101 response's headers, names in lower case. */
    public Map<String, String> handshakeHeaders() {
        return handshakeHeaders;
    }

    // ------------------------------------------------------------------------------------------------ options

    /** Whether reads answer pings with a pong echoing the payload (off by default). */
    public void setAutoPong(boolean autoPong) {
        this.autoPong = autoPong;
    }

    public boolean isAutoPong() {
        return autoPong;
    }

    /** How many ping frames the read methods have seen so far. */
    public int pingsSeen() {
        return pings.get();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * The next frame, whatever it is, or {@code null} if none starts within the timeout (the connection stays
     * usable). Pings are counted (and answered only with {@linkplain #setAutoPong(boolean) autoPong}); a close
     * frame is remembered for {@link #awaitClose(Duration)}.
     *
     * @throws UncheckedIOException on I/O errors, including an {@link EOFException} when the connection ended
     */
    public Frame readFrame(Duration timeout) {
        try {
            return read(Math.max(1, timeout.toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next text message parsed as a JSON object, skipping ping and pong frames (pings are counted, not
     * answered unless autoPong is on) and joining fragmented messages.
     *
     * @throws AssertionError if no text message arrives within the timeout, or if the server closes
     *                        the connection (close frame or end of stream) or sends a binary message first
     */
    public JsonObject nextText(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream message = null;
        while (true) {
            long left = remainingMillis(deadline);
            if (left <= 0) {
                throw new AssertionError("no text frame within " + timeout.toMillis() + " ms"
                        + (message == null ? "" : " (a fragmented message was left incomplete)"));
            }
            Frame frame;
            try {
                frame = read(left);
            } catch (EOFException | SocketException e) {
                throw new AssertionError("the connection ended while waiting for a text frame: " + e, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (frame == null) {
                continue; // the loop reports the timeout
            }
            switch (frame.opcode()) {
                case OP_PING, OP_PONG -> {
                    // skipped (and not answered unless autoPong)
                }
                case OP_CLOSE -> throw new AssertionError("the server closed the connection instead of sending "
                        + "a text frame: " + closeReceived);
                case OP_TEXT -> {
                    if (message != null) {
                        throw new AssertionError("new text message before the previous one was finished");
                    }
                    if (frame.fin()) {
                        return parse(frame.payload());
                    }
                    message = new ByteArrayOutputStream();
                    message.writeBytes(frame.payload());
                }
                case OP_CONTINUATION -> {
                    if (message == null) {
                        throw new AssertionError("continuation frame without a message in progress");
                    }
                    message.writeBytes(frame.payload());
                    if (frame.fin()) {
                        return parse(message.toByteArray());
                    }
                }
                default -> throw new AssertionError("expected a text frame but got " + frame);
            }
        }
    }

    /**
     * Reads until the server closes: discards data frames, counts pings, and returns the close frame's code and
     * reason ({@code 1005} if it had none), or {@code 1006} if the TCP connection ended without a close frame.
     * A close frame already seen by an earlier read is returned at once. The close is echoed (best effort) as
     * RFC 6455 asks.
     *
     * @throws AssertionError if the connection is still open after the timeout
     */
    public Closed awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closeReceived == null) {
            long left = remainingMillis(deadline);
            if (left <= 0) {
                throw new AssertionError("the connection was not closed within " + timeout.toMillis() + " ms");
            }
            try {
                read(left);
            } catch (EOFException e) {
                return new Closed(ABNORMAL_CLOSURE, "");
            } catch (SocketException e) {
                if (socket.isClosed()) { // closed by this side, not by the server
                    throw new UncheckedIOException(e);
                }
                return new Closed(ABNORMAL_CLOSURE, "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Closed closed = closeReceived;
        if (!closeSent) {
            try {
                if (closed.code() == NO_STATUS_RECEIVED) {
                    sendFrame(OP_CLOSE, true, new byte[0]);
                } else {
                    sendClose(closed.code());
                }
            } catch (RuntimeException ignored) {
                // the server may already have dropped the connection
            }
        }
        return closed;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Sends one complete (FIN) masked text frame of any length. */
    public void sendText(String text) {
        sendFrame(OP_TEXT, true, text.getBytes(UTF_8));
    }

    public void sendPing(byte[] payload) {
        sendFrame(OP_PING, true, control(payload));
    }

    public void sendPong(byte[] payload) {
        sendFrame(OP_PONG, true, control(payload));
    }

    public void sendClose(int code) {
        sendClose(code, "");
    }

    public void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        sendFrame(OP_CLOSE, true, control(payload));
    }

    /**
     * Sends any frame, masked with a fresh random key. No validation: tests may use it to break the protocol
     * on purpose (oversized control frames, stray continuations, ...).
     */
    public void sendFrame(int opcode, boolean fin, byte[] payload) {
        byte[] frame = encodeMasked(opcode, fin, payload);
        synchronized (out) {
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (opcode == OP_CLOSE) {
                closeSent = true;
            }
        }
    }

    /** Closes the socket without a close handshake; never throws. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Frame read(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.min(Math.max(1, timeoutMillis), Integer.MAX_VALUE));
        int b0;
        try {
            b0 = in.read();
        } catch (SocketTimeoutException e) {
            return null; // nothing consumed: the stream is still at a frame boundary
        }
        if (b0 < 0) {
            throw new EOFException("the connection ended");
        }
        socket.setSoTimeout(MID_FRAME_TIMEOUT_MS);
        try {
            int b1 = in.readUnsignedByte();
            if ((b0 & 0x70) != 0) {
                throw new IOException("frame with RSV bits set (no extension was negotiated): 0x"
                        + Integer.toHexString(b0));
            }
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
                if (length < 0) {
                    throw new IOException("invalid 64-bit payload length");
                }
            }
            if (length > Integer.MAX_VALUE - 16) {
                throw new IOException("frame too large for this client: " + length + " bytes");
            }
            byte[] mask = null;
            if (masked) { // servers must not mask; be lenient and unmask anyway
                mask = new byte[4];
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            Frame frame = new Frame(opcode, payload, fin);
            if (opcode == OP_PING) {
                pings.incrementAndGet();
                if (autoPong) {
                    sendFrame(OP_PONG, true, payload);
                }
            } else if (opcode == OP_CLOSE && closeReceived == null) {
                closeReceived = parseClose(payload);
            }
            return frame;
        } catch (SocketTimeoutException e) {
            throw new IOException("the server stalled in the middle of a frame for " + MID_FRAME_TIMEOUT_MS + " ms", e);
        }
    }

    static byte[] encodeMasked(int opcode, boolean fin, byte[] payload) {
        int length = payload.length;
        int headerLength = 2 + (length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        byte[] frame = new byte[headerLength + length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x0F));
        int pos;
        if (length <= 125) {
            frame[1] = (byte) (0x80 | length);
            pos = 2;
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            pos = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            long l = length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (l >>> (56 - 8 * i));
            }
            pos = 10;
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, frame, pos, 4);
        pos += 4;
        for (int i = 0; i < length; i++) {
            frame[pos + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    private static byte[] control(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("control frame payloads are limited to 125 bytes: " + payload.length);
        }
        return payload;
    }

    private static Closed parseClose(byte[] payload) {
        if (payload.length < 2) {
            return new Closed(NO_STATUS_RECEIVED, "");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        return new Closed(code, new String(payload, 2, payload.length - 2, UTF_8));
    }

    private static JsonObject parse(byte[] utf8) {
        String text = new String(utf8, UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw new AssertionError("text frame is not a JSON object: " + text, e);
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? 0 : Math.max(1, left / 1_000_000);
    }

    private static String readResponseHead(InputStream raw) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of CRLFCRLF has been seen
        while (matched < 4) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake after: "
                        + head.toString(ISO_8859_1));
            }
            head.write(b);
            if (head.size() > MAX_RESPONSE_HEAD_BYTES) {
                throw new IOException("handshake response head larger than " + MAX_RESPONSE_HEAD_BYTES + " bytes");
            }
            boolean cr = matched == 0 || matched == 2;
            if (b == (cr ? '\r' : '\n')) {
                matched++;
            } else {
                matched = b == '\r' ? 1 : 0;
            }
        }
        byte[] bytes = head.toByteArray();
        return new String(bytes, 0, bytes.length - 4, ISO_8859_1);
    }

    private static int parseStatus(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String requestTarget(URI base, String pathAndQuery) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/+$", "");
        String tail = pathAndQuery == null ? "" : pathAndQuery;
        if (!tail.isEmpty() && !tail.startsWith("/") && !tail.startsWith("?")) {
            tail = "/" + tail;
        }
        String target = basePath + tail;
        if (target.isEmpty() || target.startsWith("?")) {
            target = "/" + target;
        }
        return target;
    }

    private static String hostHeader(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == -1 ? h : h + ":" + port;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // quietly
        }
    }
}
