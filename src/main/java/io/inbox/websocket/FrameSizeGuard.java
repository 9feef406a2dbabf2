package io.inbox.websocket;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tyrus only (Payara, GlassFish), optional: closes a connection with 1009 at the header of a frame that is
 * over {@code inbox.connection.max-frame-bytes}, before Tyrus buffers any of it.
 *
 * <p>Why: Tyrus reads an unfragmented frame whole into memory before anything looks at its size
 * ({@code TyrusWebSocketEngine.TyrusReadHandler} appends to its buffer until {@code ProtocolHandler.unframe}
 * has the whole payload), up to its {@code incoming-buffer-size} (4 MiB + 11 by default); a larger frame
 * fails there with 1011. {@code Session.setMaxTextMessageBufferSize} and {@code @OnMessage(maxMessageSize)}
 * are only looked at after that. The buffer size can only be set in {@code web.xml} (Tyrus' initializer reads
 * it before the application's code runs), and it would answer 1011, not 1009.
 *
 * <p>How: Tyrus upgrades the HTTP request through the filter chain, so {@link HandshakeFilter}'s request
 * wrapper sees its {@code request.upgrade(TyrusHttpUpgradeHandler.class)} call: this class creates Tyrus'
 * handler itself and lets the container drive this one instead, which hands Tyrus a connection whose input is
 * watched by {@link FrameSizeWatch}: an oversized frame reaches Tyrus as a client close frame with 1009, so
 * Tyrus calls {@code @OnClose} with 1009, answers the client with the same close frame and closes the
 * connection. Everything else reaches Tyrus unchanged. The rest of the refused frame is read and dropped, and
 * the TCP connection is closed only once the client answered the close (or after {@link #LINGER_SECONDS}):
 * closed at once, with the client still sending, it would be reset, and a client busy writing the frame
 * could lose the close frame.
 *
 * <p>Fail-soft: any other upgrade (another WebSocket implementation, or none) is left alone, and so is
 * Tyrus' if its handler cannot be created here or the container refuses this one; then
 * {@link IncomingMessage} still closes oversized messages with 1009, after Tyrus buffered them (up to its
 * 4 MiB; larger frames get Tyrus' 1011).
 */
public class FrameSizeGuard implements HttpUpgradeHandler {
    private static final Logger LOG = Logger.getLogger(FrameSizeGuard.class.getName());
    static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";
    /** How long a refused client has to answer the close before its TCP connection is closed anyway. */
    static final long LINGER_SECONDS = 5;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private volatile HttpUpgradeHandler runtime;
    private volatile long limit;
    private volatile String client;
    private volatile ScheduledExecutorService scheduler;

    /** Created by the container (through {@code HttpServletRequest.upgrade}); public for that. */
    public FrameSizeGuard() {
    }

    /**
     * What {@code request.upgrade(type)} is to return: for Tyrus' handler, one that sits behind this guard;
     * for anything else (or if that fails), the container's answer as it is.
     */
    static <T extends HttpUpgradeHandler> T upgrade(HttpServletRequest request, Class<T> type, long limit,
                                                    ScheduledExecutorService scheduler)
            throws IOException, ServletException {
        if (limit <= 0 || !TYRUS_HANDLER.equals(type.getName())) {
            return request.upgrade(type);
        }
        T runtime;
        FrameSizeGuard guard;
        try {
            runtime = type.getDeclaredConstructor().newInstance();
            guard = request.upgrade(FrameSizeGuard.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | IOException | ServletException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Cannot watch incoming WebSocket frame sizes: frames over the limit are"
                        + " buffered by the WebSocket runtime before they are refused", e);
            }
            return request.upgrade(type);
        }
        guard.runtime = runtime;
        guard.limit = limit;
        guard.client = request.getRemoteAddr();
        guard.scheduler = scheduler;
        return runtime;
    }

    @Override
    public void init(WebConnection connection) {
        runtime.init(new WatchedConnection(connection, new FrameSizeWatch(limit), limit, client, scheduler));
    }

    @Override
    public void destroy() {
        runtime.destroy();
    }

    /**
     * The container's connection, with its input watched. After a refusal its close waits for the client's
     * close frame, the end of its input or {@link #LINGER_SECONDS}, whichever comes first.
     */
    private static final class WatchedConnection implements WebConnection {
        private final WebConnection connection;
        private final FrameSizeWatch watch;
        private final long limit;
        private final String client;
        private final ScheduledExecutorService scheduler;
        private final AtomicBoolean closeAsked = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile boolean clientDone;
        private WatchedInput input;

        WatchedConnection(WebConnection connection, FrameSizeWatch watch, long limit, String client,
                          ScheduledExecutorService scheduler) {
            this.connection = connection;
            this.watch = watch;
            this.limit = limit;
            this.client = client;
            this.scheduler = scheduler;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                input = new WatchedInput(connection.getInputStream(), this);
            }
            return input;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return connection.getOutputStream();
        }

        @Override
        public void close() {
            if (!watch.tripped() || clientDone || scheduler == null) {
                closeNow();
            } else if (closeAsked.compareAndSet(false, true)) {
                try {
                    scheduler.schedule(this::closeNow, LINGER_SECONDS, TimeUnit.SECONDS);
                } catch (RuntimeException e) {
                    closeNow(); // the scheduler is gone (shutting down)
                }
            }
        }

        /** The refused client sent its close frame, or its input ended: nothing more is coming. */
        void clientDone() {
            clientDone = true;
            if (closeAsked.get()) {
                closeNow();
            }
        }

        void closeNow() {
            if (closed.compareAndSet(false, true)) {
                try {
                    connection.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "close failed", e);
                }
            }
        }

        void refused() {
            LOG.info(() -> "Closing a WebSocket connection of " + client + " with 1009: a frame of "
                    + watch.refusedLength() + " bytes" + (watch.earlierBytes() > 0 ? " (after " + watch.earlierBytes()
                    + " bytes of its message)" : "") + " is over inbox.connection.max-frame-bytes (" + limit
                    + "); it is not read");
        }
    }

    /**
     * The container's input stream as the runtime is to see it. Bytes that {@link FrameSizeWatch} holds back
     * or adds wait in {@code pending}; while any do, the stream is ready. After a refusal, what arrives is
     * read and dropped (the runtime reads nothing more) until the client is done.
     */
    private static final class WatchedInput extends ServletInputStream {
        private final ServletInputStream in;
        private final WatchedConnection connection;
        private final FrameSizeWatch watch;
        private byte[] pending;
        private int pendingAt;

        WatchedInput(ServletInputStream in, WatchedConnection connection) {
            this.in = in;
            this.connection = connection;
            this.watch = connection.watch;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pending != null) {
                return drain(b, off, len);
            }
            if (len == 0 || connection.clientDone || connection.closed.get()) {
                return 0;
            }
            int n = in.read(b, off, len);
            if (watch.tripped()) { // dropping the rest
                if (n < 0 || n > 0 && watch.discard(b, off, n)) {
                    connection.clientDone();
                }
                return 0;
            }
            if (n <= 0 || watch.passesUnchanged(b, off, n)) {
                return n;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
            watch.feed(b, off, n, out);
            if (watch.tripped()) {
                connection.refused();
                if (watch.clientClosed()) {
                    connection.clientDone();
                }
            }
            if (out.size() == 0) {
                return 0; // only part of a frame header so far
            }
            pending = out.toByteArray();
            pendingAt = 0;
            return drain(b, off, len);
        }

        private int drain(byte[] b, int off, int len) {
            int n = Math.min(len, pending.length - pendingAt);
            System.arraycopy(pending, pendingAt, b, off, n);
            pendingAt += n;
            if (pendingAt == pending.length) {
                pending = null;
            }
            return n;
        }

        @Override
        public int read() throws IOException { // not used by Tyrus, which reads into arrays
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0 && !watch.tripped());
            return n == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int available() throws IOException {
            return pending != null ? pending.length - pendingAt : watch.tripped() ? 0 : in.available();
        }

        @Override
        public boolean isReady() {
            return pending != null || (!connection.clientDone && !connection.closed.get() && in.isReady());
        }

        @Override
        public boolean isFinished() {
            return pending == null && (connection.clientDone || in.isFinished());
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
