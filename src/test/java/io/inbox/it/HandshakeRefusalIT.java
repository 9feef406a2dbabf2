package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.PayaraProcess;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compatibility switch {@code inbox.auth.refuse-before-accept}: bad tokens are refused with HTTP 403
 * at the handshake, as a Django Channels consumer that closes before accept; and a strict origin policy
 * ({@code inbox.origin.allow-missing=false}). Configured through environment variables only.
 */
class HandshakeRefusalIT {
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path publicKey = Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath();
        server = PayaraProcess.start("refuse-before-accept", Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(), // the plain path form
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "INBOX_DATASOURCE_URL", "jdbc:h2:mem:refusal;DB_CLOSE_DELAY=-1",
                "INBOX_AUTH_REFUSE_BEFORE_ACCEPT", "true",
                "INBOX_ORIGIN_ALLOWED_HOSTS", "app.test",
                "INBOX_ORIGIN_ALLOW_MISSING", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) { // null when the start failed: the start closed what it started
            server.close();
        }
    }

    /** Sends a raw upgrade request and returns everything the server answered before closing. */
    private static String rawHandshake(String pathAndQuery, String origin) throws Exception {
        URI base = server.base();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) != -1) {
                answer.write(buffer, 0, read);
                if (answer.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
                    break; // accepted: the socket stays open
                }
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void badTokenIsRefusedWith403AndNoBodyBeforeAccept() throws Exception {
        for (String token : new String[] {"garbage", TestTokens.expired(7), TestTokens.algNone(7)}) {
            String answer = rawHandshake("/ws/inbox/?token=" + token, "https://app.test");
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertEquals("", body, "no body, as Daphne");
        }
        String missing = rawHandshake("/ws/chat/1/", "https://app.test");
        assertTrue(missing.startsWith("HTTP/1.1 403"), "missing token, legacy endpoint: " + missing);
    }

    @Test
    void validTokenIsStillAccepted() {
        try (WsClient ws = WsClient.connect(server.base(), "/ws/inbox/",
                b -> b.header("Origin", "https://app.test").header("Authorization", "Bearer " + TestTokens.valid(7)))) {
            assertEquals(7, ws.next().getJsonNumber("user_id").longValueExact());
        }
    }

    @Test
    void missingOriginIsRefusedWhenConfiguredSo() throws Exception {
        String answer = rawHandshake("/ws/inbox/?token=" + TestTokens.valid(8), null);
        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    }
}
