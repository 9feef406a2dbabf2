package io.inbox.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link RawWsClient} against a tiny hand-written WebSocket server on a loopback ephemeral port. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RawWsClientTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private TinyServer server;
    private RawWsClient client;
    private Peer peer;

    @BeforeEach
    void start() throws IOException {
        server = new TinyServer();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (peer != null) {
            peer.close();
        }
        server.close();
    }

    // ------------------------------------------------------------------------------------------------ handshake

    @Test
    void sendsAProperUpgradeRequestWithExtraHeaders() throws Exception {
        open("/ws?token=abc", Map.of("Origin", "http://app.test", "Authorization", "Bearer t"));

        String[] lines = peer.requestHead.split("\r\n");
        assertEquals("GET /ws?token=abc HTTP/1.1", lines[0]);
        Map<String, String> headers = headers(peer.requestHead);
        assertEquals("127.0.0.1:" + server.port(), headers.get("host"));
        assertEquals("websocket", headers.get("upgrade"));
        assertEquals("Upgrade", headers.get("connection"));
        assertEquals("13", headers.get("sec-websocket-version"));
        assertEquals(16, Base64.getDecoder().decode(headers.get("sec-websocket-key")).length);
        assertEquals("http://app.test", headers.get("origin"));
        assertEquals("Bearer t", headers.get("authorization"));
        assertEquals(RawWsClient.acceptFor(headers.get("sec-websocket-key")),
                client.handshakeHeaders().get("sec-websocket-accept"));
    }

    @Test
    void acceptValueFollowsRfc6455Example() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", RawWsClient.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void refusedUpgradeThrowsWithTheStatusLine() throws Exception {
        Future<Peer> accepted = server.acceptOne(Answer.FORBIDDEN);
        RawWsClient.HandshakeException refused = assertThrows(RawWsClient.HandshakeException.class,
                () -> RawWsClient.connect(server.base(), "/ws", Map.of()));
        assertTrue(refused.getMessage().contains("HTTP/1.1 403 Forbidden"), refused.getMessage());
        assertEquals(403, refused.status());
        accepted.get(2, TimeUnit.SECONDS).close();
    }

    @Test
    void wrongAcceptValueIsRejected() throws Exception {
        Future<Peer> accepted = server.acceptOne(Answer.WRONG_ACCEPT);
        RawWsClient.HandshakeException bad = assertThrows(RawWsClient.HandshakeException.class,
                () -> RawWsClient.connect(server.base(), "/ws", null));
        assertTrue(bad.getMessage().contains("Sec-WebSocket-Accept"), bad.getMessage());
        accepted.get(2, TimeUnit.SECONDS).close();
    }

    @Test
    void smallReceiveBufferStillConnects() throws Exception {
        Future<Peer> accepted = server.acceptOne(Answer.SWITCH);
        client = RawWsClient.connect(server.base(), "/ws", Map.of(), 4096);
        peer = accepted.get(2, TimeUnit.SECONDS);
        peer.send(RawWsClient.OP_TEXT, true, "{\"type\":\"hello\"}".getBytes(UTF_8));
        assertEquals("hello", client.nextText(WAIT).getString("type"));
    }

    // ------------------------------------------------------------------------------------------------ pings

    @Test
    void pingsAreCountedButNotAnsweredByDefault() throws Exception {
        open("/ws", Map.of());
        assertFalse(client.isAutoPong());
        peer.send(RawWsClient.OP_PING, true, "hb".getBytes(UTF_8));
        peer.send(RawWsClient.OP_TEXT, true, "{\"type\":\"message\",\"n\":1}".getBytes(UTF_8));

        JsonObject text = client.nextText(WAIT);
        assertEquals("message", text.getString("type"));
        assertEquals(1, text.getInt("n"));
        assertEquals(1, client.pingsSeen());

        // the first thing the client sends after reading the ping is our marker, not a pong
        client.sendText("marker");
        ClientFrame next = peer.read();
        assertEquals(RawWsClient.OP_TEXT, next.opcode());
        assertEquals("marker", new String(next.payload(), UTF_8));
        assertTrue(peer.nothingMore(), "the client sent something else");
    }

    @Test
    void autoPongEchoesThePingPayload() throws Exception {
        open("/ws", Map.of());
        client.setAutoPong(true);
        peer.send(RawWsClient.OP_PING, true, "abc".getBytes(UTF_8));
        peer.send(RawWsClient.OP_TEXT, true, "{\"type\":\"x\"}".getBytes(UTF_8));

        assertEquals("x", client.nextText(WAIT).getString("type"));
        assertEquals(1, client.pingsSeen());
        ClientFrame pong = peer.read();
        assertTrue(pong.masked());
        assertEquals(RawWsClient.OP_PONG, pong.opcode());
        assertArrayEquals("abc".getBytes(UTF_8), pong.payload());
    }

    // ------------------------------------------------------------------------------------------------ lengths

    @Test
    void decodesSixtyFourAndSixteenBitLengths() throws Exception {
        open("/ws", Map.of());
        String big = json(70_000);
        String medium = json(300);
        assertEquals(70_000, big.length());
        assertEquals(300, medium.length());
        // written off the test thread: 70 kB may exceed what the socket buffers hold before the client reads
        Future<?> written = server.run(() -> {
            peer.send(RawWsClient.OP_TEXT, true, big.getBytes(UTF_8));
            peer.send(RawWsClient.OP_TEXT, true, medium.getBytes(UTF_8));
            return null;
        });

        RawWsClient.Frame first = client.readFrame(WAIT);
        assertNotNull(first);
        assertEquals(RawWsClient.OP_TEXT, first.opcode());
        assertTrue(first.fin());
        assertEquals(big, first.text());
        JsonObject second = client.nextText(WAIT);
        assertEquals(300 - "{\"pad\":\"\"}".length(), second.getString("pad").length());
        written.get(2, TimeUnit.SECONDS);
    }

    @Test
    void clientFramesAreMaskedWithEveryLengthEncoding() throws Exception {
        open("/ws", Map.of());
        String tiny = "hi";
        String medium = "m".repeat(300);
        String big = "b".repeat(70_000);
        Future<ClientFrame[]> received = server.run(() -> new ClientFrame[] {peer.read(), peer.read(), peer.read()});
        client.sendText(tiny);
        client.sendText(medium);
        client.sendText(big);

        ClientFrame[] frames = received.get(2, TimeUnit.SECONDS);
        assertEquals(2, frames[0].lengthField(), "7-bit length");
        assertEquals(126, frames[1].lengthField(), "16-bit length");
        assertEquals(127, frames[2].lengthField(), "64-bit length");
        String[] sent = {tiny, medium, big};
        for (int i = 0; i < 3; i++) {
            assertTrue(frames[i].masked(), "frame " + i + " not masked");
            assertTrue(frames[i].fin());
            assertEquals(RawWsClient.OP_TEXT, frames[i].opcode());
            assertEquals(sent[i], new String(frames[i].payload(), UTF_8));
        }
    }

    @Test
    void pongAndCloseAreMaskedControlFrames() throws Exception {
        open("/ws", Map.of());
        client.sendPong(new byte[] {1, 2, 3});
        client.sendClose(1000);

        ClientFrame pong = peer.read();
        assertTrue(pong.masked());
        assertEquals(RawWsClient.OP_PONG, pong.opcode());
        assertArrayEquals(new byte[] {1, 2, 3}, pong.payload());
        ClientFrame close = peer.read();
        assertTrue(close.masked());
        assertEquals(RawWsClient.OP_CLOSE, close.opcode());
        assertArrayEquals(new byte[] {0x03, (byte) 0xE8}, close.payload());
    }

    // ------------------------------------------------------------------------------------------------ fragments

    @Test
    void joinsFragmentedTextAcrossAnInterleavedPing() throws Exception {
        open("/ws", Map.of());
        byte[] whole = "{\"type\":\"fragmented\",\"body\":\"hello world\"}".getBytes(UTF_8);
        int half = whole.length / 2;
        peer.send(RawWsClient.OP_TEXT, false, slice(whole, 0, half));
        peer.send(RawWsClient.OP_PING, true, new byte[0]);
        peer.send(RawWsClient.OP_CONTINUATION, true, slice(whole, half, whole.length));

        JsonObject text = client.nextText(WAIT);
        assertEquals("fragmented", text.getString("type"));
        assertEquals("hello world", text.getString("body"));
        assertEquals(1, client.pingsSeen());
        assertTrue(peer.nothingMore(), "the ping was answered");
    }

    @Test
    void readFrameShowsFragmentsAsTheyAre() throws Exception {
        open("/ws", Map.of());
        peer.send(RawWsClient.OP_TEXT, false, "{\"a\":".getBytes(UTF_8));
        peer.send(RawWsClient.OP_CONTINUATION, true, "1}".getBytes(UTF_8));

        RawWsClient.Frame first = client.readFrame(WAIT);
        RawWsClient.Frame second = client.readFrame(WAIT);
        assertEquals(RawWsClient.OP_TEXT, first.opcode());
        assertFalse(first.fin());
        assertEquals("{\"a\":", first.text());
        assertEquals(RawWsClient.OP_CONTINUATION, second.opcode());
        assertTrue(second.fin());
        assertEquals("1}", second.text());
    }

    // ------------------------------------------------------------------------------------------------ timeouts

    @Test
    void readTimeoutsLeaveTheConnectionUsable() throws Exception {
        open("/ws", Map.of());
        assertNull(client.readFrame(Duration.ofMillis(50)));
        AssertionError none = assertThrows(AssertionError.class, () -> client.nextText(Duration.ofMillis(50)));
        assertTrue(none.getMessage().contains("no text frame"), none.getMessage());
        assertThrows(AssertionError.class, () -> client.awaitClose(Duration.ofMillis(50)));

        peer.send(RawWsClient.OP_TEXT, true, "{\"still\":true}".getBytes(UTF_8));
        assertTrue(client.nextText(WAIT).getBoolean("still"));
    }

    // ------------------------------------------------------------------------------------------------ closing

    @Test
    void awaitCloseReturnsCodeAndReasonAndEchoesTheClose() throws Exception {
        open("/ws", Map.of());
        peer.send(RawWsClient.OP_TEXT, true, "{\"type\":\"ignored\"}".getBytes(UTF_8));
        peer.send(RawWsClient.OP_PING, true, "p".getBytes(UTF_8));
        byte[] reason = "heartbeat timeout".getBytes(UTF_8);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (4408 >>> 8);
        payload[1] = (byte) 4408;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        peer.send(RawWsClient.OP_CLOSE, true, payload);

        RawWsClient.Closed closed = client.awaitClose(WAIT);
        assertEquals(new RawWsClient.Closed(4408, "heartbeat timeout"), closed);
        assertEquals(1, client.pingsSeen());

        ClientFrame echo = peer.read(); // no pong before it: the ping was not answered
        assertTrue(echo.masked());
        assertEquals(RawWsClient.OP_CLOSE, echo.opcode());
        assertArrayEquals(new byte[] {(byte) (4408 >>> 8), (byte) 4408}, echo.payload());
    }

    @Test
    void nextTextFailsOnCloseAndAwaitCloseThenReportsIt() throws Exception {
        open("/ws", Map.of());
        peer.send(RawWsClient.OP_CLOSE, true, new byte[] {0x03, (byte) 0xF5}); // 1013, no reason
        AssertionError error = assertThrows(AssertionError.class, () -> client.nextText(WAIT));
        assertTrue(error.getMessage().contains("1013"), error.getMessage());
        assertEquals(new RawWsClient.Closed(1013, ""), client.awaitClose(Duration.ofMillis(10)));
    }

    @Test
    void connectionEndingWithoutCloseFrameIs1006() throws Exception {
        open("/ws", Map.of());
        peer.send(RawWsClient.OP_TEXT, true, "{\"type\":\"last\"}".getBytes(UTF_8));
        peer.close();
        assertEquals(new RawWsClient.Closed(1006, ""), client.awaitClose(WAIT));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void open(String pathAndQuery, Map<String, String> headers) throws Exception {
        Future<Peer> accepted = server.acceptOne(Answer.SWITCH);
        client = RawWsClient.connect(server.base(), pathAndQuery, headers);
        peer = accepted.get(2, TimeUnit.SECONDS);
    }

    private static String json(int totalLength) {
        String shell = "{\"pad\":\"\"}";
        return "{\"pad\":\"" + "x".repeat(totalLength - shell.length()) + "\"}";
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] part = new byte[to - from];
        System.arraycopy(bytes, from, part, 0, part.length);
        return part;
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return headers;
    }

    private enum Answer { SWITCH, FORBIDDEN, WRONG_ACCEPT }

    /** A frame as the server received it from the client; {@code payload} is already unmasked. */
    private record ClientFrame(boolean masked, int opcode, boolean fin, int lengthField, byte[] payload) {
    }

    /** The server: one listening socket on 127.0.0.1, handshakes done on a background thread. */
    private static final class TinyServer implements AutoCloseable {
        private final ServerSocket listener;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tiny-ws-server");
            t.setDaemon(true);
            return t;
        });

        TinyServer() throws IOException {
            listener = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        }

        int port() {
            return listener.getLocalPort();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port() + "/");
        }

        <T> Future<T> run(java.util.concurrent.Callable<T> task) {
            return threads.submit(task);
        }

        Future<Peer> acceptOne(Answer answer) {
            return threads.submit(() -> {
                Socket socket = listener.accept();
                socket.setSoTimeout(2_000);
                Peer peer = new Peer(socket);
                String key = headers(peer.requestHead).get("sec-websocket-key");
                String response = switch (answer) {
                    case SWITCH -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + RawWsClient.acceptFor(key) + "\r\n\r\n";
                    case WRONG_ACCEPT -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBvbmU=\r\n\r\n";
                    case FORBIDDEN -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                };
                peer.out.write(response.getBytes(ISO_8859_1));
                peer.out.flush();
                return peer;
            });
        }

        @Override
        public void close() {
            threads.shutdownNow();
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** The server's end of one connection. */
    private static final class Peer implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;
        final String requestHead;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("client went away during the handshake");
                }
                head.write(b);
            }
            String text = head.toString(ISO_8859_1);
            this.requestHead = text.substring(0, text.length() - 4);
        }

        /** Sends an unmasked server frame. */
        synchronized void send(int opcode, boolean fin, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length <= 125) {
                frame.write(payload.length);
            } else if (payload.length <= 0xFFFF) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(127);
                long length = payload.length;
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) (length >>> shift) & 0xFF);
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Reads one client frame and unmasks it. */
        ClientFrame read() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean masked = (b1 & 0x80) != 0;
            int lengthField = b1 & 0x7F;
            long length = lengthField;
            if (lengthField == 126) {
                length = in.readUnsignedShort();
            } else if (lengthField == 127) {
                length = in.readLong();
            }
            byte[] mask = new byte[4];
            if (masked) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            return new ClientFrame(masked, b0 & 0x0F, (b0 & 0x80) != 0, lengthField, payload);
        }

        /** True if the client has sent nothing (further) within 100 ms. */
        boolean nothingMore() throws IOException {
            socket.setSoTimeout(100);
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException expected) {
                return true;
            } finally {
                socket.setSoTimeout(2_000);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
