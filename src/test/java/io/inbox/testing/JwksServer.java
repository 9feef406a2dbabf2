package io.inbox.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * An identity provider's JWKS endpoint on 127.0.0.1, as the tests need it: it publishes the public halves of the
 * keys it is given (a rotation is a new {@link #publish}), may send {@code Cache-Control}, can answer 503 or stop
 * listening (the provider down) and come back on the same port, and counts the requests it received.
 */
public final class JwksServer implements AutoCloseable {
    public static final String PATH = "/realms/inbox/protocol/openid-connect/certs";

    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile String cacheControl;
    private volatile boolean failing;
    private HttpServer server;

    private JwksServer(int port) throws IOException {
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    /** Listens on a free loopback port. */
    public static JwksServer start() throws IOException {
        return new JwksServer(0);
    }

    /** The JWKS URL, as an operator configures it. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + PATH);
    }

    /** From now on the set holds exactly the public halves of these keys. */
    public JwksServer publish(JsonWebKey... keys) {
        body = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        return this;
    }

    /** The {@code Cache-Control} header of the answers ({@code null}: none). */
    public JwksServer cacheControl(String value) {
        cacheControl = value;
        return this;
    }

    /** Whether the endpoint answers 503 instead of the set. */
    public JwksServer failing(boolean failing) {
        this.failing = failing;
        return this;
    }

    /** Requests received so far, answered or not. */
    public int requests() {
        return requests.get();
    }

    /** Stops listening: connections are refused until {@link #resume()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void resume() throws IOException {
        if (server == null) {
            server = listen(port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        http.createContext(PATH, this::answer);
        http.start();
        return http;
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (cacheControl != null) {
                exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
