package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.BrowserTest;
import io.inbox.testing.PayaraProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser console at {@code /}, in a real headless Chromium, against a dev-mode server
 * ({@code inbox.dev-mode=true}, as the README's start command runs it): two users in two browser contexts create
 * conversations, chat, see each other's typing, presence and read receipts; one goes offline, misses messages,
 * comes back through the console's reconnect with backoff and its sync, and ends up with every message once, in
 * order.
 */
class ConsoleE2EIT {
    @TempDir
    Path dataDir;

    @Test
    void twoUsersChatInTwoBrowsersAndOneComesBackWithoutMissingAnything() throws Exception {
        try (PayaraProcess server = PayaraProcess.start("console-e2e", Map.of(
                "INBOX_DEV_MODE", "true",
                "INBOX_DATA_DIR", dataDir.toString(), // the dev key pair
                "INBOX_DATASOURCE_URL", "jdbc:h2:mem:console;DB_CLOSE_DELAY=-1",
                "INBOX_PRESENCE_OFFLINE_GRACE_SECONDS", "1"))) {
            BrowserTest.Outcome outcome = BrowserTest.run(server.base().toString());
            System.out.println(outcome.output());
            assertEquals(0, outcome.exitCode(), outcome.output());
            assertTrue(outcome.output().contains("ok - after the reconnect Bob has exactly Alice's messages"), outcome.output());
        }
    }
}
