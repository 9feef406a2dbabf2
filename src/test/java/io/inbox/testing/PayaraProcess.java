package io.inbox.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro process running the real WAR, for tests that must stop, kill or restart the server
 * (Arquillian manages one JVM per deployment and cannot). Configuration goes in as environment variables,
 * exactly as an operator would set it.
 */
public final class PayaraProcess implements AutoCloseable {
    /**
     * How long a start may take until the application answers: minutes on a busy machine (2 cores shared with other
     * builds), where Payara Micro has logged "ready" after 109 s and the application's first request took longer
     * still. {@code -Dinbox.it.startup-seconds} changes it.
     */
    public static final Duration STARTUP = Duration.ofSeconds(Long.getLong("inbox.it.startup-seconds", 480));
    /** One probe may wait this long: the first request initialises JAX-RS and CDI, and must not be cut short. */
    private static final Duration PROBE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI base;
    private final Path log;

    private PayaraProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the server with these environment variables and waits until the application answers. */
    public static PayaraProcess start(String name, Map<String, String> env) throws IOException, InterruptedException {
        return start(name, env, List.of());
    }

    /** As {@link #start(String, Map)}, with extra JVM options for the server. */
    public static PayaraProcess start(String name, Map<String, String> env, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return start(name, env, jvmOptions, List.of());
    }

    /**
     * As {@link #start(String, Map, List)}, with extra Payara Micro arguments (--addlibs, --postbootcommandfile;
     * with --clustermode the server joins a grid, else it runs with --nocluster).
     */
    public static PayaraProcess start(String name, Map<String, String> env, List<String> jvmOptions,
                                      List<String> payaraArguments) throws IOException, InterruptedException {
        int port = freePort();
        Path logDir = Path.of("target", "payara-process");
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-Xss512k"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--deploy", System.getProperty("inbox.war", "target/inbox.war"), "--contextroot", "/",
                "--port", Integer.toString(port)));
        if (!payaraArguments.contains("--clustermode")) {
            command.add("--nocluster"); // a lone test server must not join another test's grid
        }
        command.addAll(payaraArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // only the test's own configuration: a developer's exported INBOX_DEV_MODE or key must not change what it tests
        builder.environment().keySet().removeIf(variable -> variable.startsWith("INBOX_") || variable.startsWith("MP_JWT_"));
        builder.environment().putAll(env);
        PayaraProcess server = new PayaraProcess(builder.start(), URI.create("http://localhost:" + port + "/"), log);
        server.awaitReady();
        return server;
    }

    public URI base() {
        return base;
    }

    public Path log() {
        return log;
    }

    /** How long the server process has been running. */
    public Duration uptime() {
        return process.info().startInstant().map(start -> Duration.between(start, java.time.Instant.now()))
                .orElseThrow(() -> new IllegalStateException("the process start time is unknown"));
    }

    /**
     * The server's used heap after a full GC, read with the JDK's jcmd (measures, not assumes, memory).
     */
    public long usedHeapBytes() throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
        Process gc = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(30, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        info.waitFor(30, TimeUnit.SECONDS);
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        if (!used.find()) {
            throw new IllegalStateException("cannot read the heap from jcmd: " + out);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Writes the server's thread dump next to its log (diagnostics when a test stalls) and returns its path. */
    public Path threadDump() throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
        Path dump = Path.of(log.toString().replace(".log", "-threads-" + System.currentTimeMillis() + ".txt"));
        Process p = new ProcessBuilder(jcmd, Long.toString(process.pid()), "Thread.print")
                .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        p.waitFor(30, TimeUnit.SECONDS);
        return dump;
    }

    /** A graceful stop (SIGTERM), waiting for the process to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code kill -9}: no shutdown hooks, no flushing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /**
     * Payara answers 404 everywhere until the WAR is deployed; our API answers 401 to an anonymous call, or 503 with
     * a {@code detail} when the server cannot authenticate anyone (no key configured, JWKS not fetched yet).
     */
    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String lastAnswer = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited during startup; see " + log);
            }
            try {
                HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/me/"))
                        .timeout(PROBE).build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 401 || reply.statusCode() == 503 && reply.body().contains("\"detail\"")) {
                    return;
                }
                lastAnswer = "HTTP " + reply.statusCode();
            } catch (IOException notYet) {
                lastAnswer = notYet.toString(); // not listening yet, or the application is still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Payara Micro not ready within " + STARTUP + " (last answer to /api/me/: "
                + lastAnswer + "); see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
