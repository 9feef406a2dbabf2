package io.inbox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A server that has been up for minutes, to be stopped by a test, as operators stop servers (ShutdownIT). With
 * {@code -Dinbox.it.aging-server=true} (the integration-test run of {@code mvn verify}) it starts in the
 * background when the test run begins and ages while the other test classes run, so the suite does not wait
 * for it; a test that takes it earlier waits for the rest of {@link #MINIMUM_UPTIME}. Whatever is left of it is
 * killed when the test run ends. Registered as a JUnit launcher session listener (META-INF/services).
 */
public final class AgingServer implements LauncherSessionListener {
    /** More than a minute: what a server never stopped within its first minute looks like. */
    public static final Duration MINIMUM_UPTIME = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(AgingServer.class.getName());
    private static final Object LOCK = new Object();
    private static CompletableFuture<PayaraProcess> starting;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("inbox.it.aging-server")) {
            synchronized (LOCK) {
                starting = CompletableFuture.supplyAsync(AgingServer::start, AgingServer::inItsOwnThread);
            }
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        CompletableFuture<PayaraProcess> left;
        synchronized (LOCK) {
            left = starting;
            starting = null;
        }
        if (left != null) {
            try {
                left.get(PayaraProcess.STARTUP.toMinutes() + 1, TimeUnit.MINUTES).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "The aging server could not be closed", e);
            }
        }
    }

    /**
     * The aging server, once it is up for at least {@link #MINIMUM_UPTIME} (started now if the run did not
     * start it). The caller stops it; it is not handed out twice.
     */
    public static PayaraProcess takeWhenAged() throws Exception {
        CompletableFuture<PayaraProcess> server;
        synchronized (LOCK) {
            server = starting != null ? starting : CompletableFuture.supplyAsync(AgingServer::start, AgingServer::inItsOwnThread);
            starting = null;
        }
        PayaraProcess aged = server.get(PayaraProcess.STARTUP.toMinutes() + 1, TimeUnit.MINUTES);
        Duration left = MINIMUM_UPTIME.minus(aged.uptime());
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis()); // the point of the test is the uptime itself: nothing to await
        }
        return aged;
    }

    /** Not the common pool: a start blocks its thread for minutes, and the pool may have one thread only. */
    private static void inItsOwnThread(Runnable start) {
        Thread thread = new Thread(start, "aging-server-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** The keys of the tests, a data directory of its own, a short grace period. */
    private static PayaraProcess start() {
        try {
            Path data = Files.createTempDirectory("inbox-aging-");
            return PayaraProcess.start("aging", Map.of(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem")
                            .toAbsolutePath().toString(),
                    "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                    "INBOX_DATA_DIR", data.toString(),
                    "INBOX_SHUTDOWN_GRACE_SECONDS", "5"), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
