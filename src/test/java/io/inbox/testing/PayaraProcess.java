package io.inbox.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Payara Micro process running the real WAR, for tests that must stop, kill or restart the server
 * (Arquillian manages one JVM per deployment and cannot). Configuration goes in as environment variables,
 * exactly as an operator would set it.
 */
public final class PayaraProcess implements AutoCloseable {
    private static final String STARTUP_PROPERTY = "inbox.it.startup-timeout-seconds";
    /**
     * How long a start may take: minutes on a busy machine (four cluster members and the aging server took 265 s
     * on two cores at a load of 25). Starts that fail are seen sooner: an exit, a port taken, no application.
     */
    public static final Duration STARTUP = Duration.ofSeconds(Long.getLong(STARTUP_PROPERTY, 600));
    /** Payara logs "ready in" once the WAR is deployed: an application that does not answer by then never will. */
    private static final Duration SERVING_AFTER_READY = Duration.ofSeconds(120);
    /**
     * One probe's patience: a loaded server answers slowly, and a probe given up before the answer cannot see it
     * ready. With 5 s and the client's default HTTP/2 upgrade (h2c), one start's log had 18 answers that met a
     * connection the probe had closed (Broken pipe in Grizzly's Http2ServerFilter.tryHttpUpgrade). HTTP/1.1 here.
     */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final int LOG_TAIL = 40;
    /**
     * Every server process not closed yet. Killed when the test JVM ends, however it ends short of kill -9 (failsafe
     * also ends its JVM when Maven goes away), so that no server outlives the build.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(PayaraProcess::killTree),
                "kill-payara-processes"));
    }

    private final Process process;
    private final URI base;
    private final Path log;
    private final List<StartupAnswer> startupAnswers = new ArrayList<>();

    /**
     * One answer to {@code GET /api/me/} (no token) while the server started: its status (0: no connection yet) and
     * body, in the order received.
     */
    public record StartupAnswer(int status, String body) {
        @Override
        public String toString() {
            return status + (body.isEmpty() ? "" : " " + body.substring(0, Math.min(60, body.length())));
        }
    }

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
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(name, env, jvmOptions, payaraArguments);
            } catch (PortTaken taken) {
                if (attempt == 3) {
                    throw new IllegalStateException(taken.getMessage(), taken);
                }
                // a port found free was taken before Payara bound it: another port, another start
            }
        }
    }

    private static PayaraProcess startOnce(String name, Map<String, String> env, List<String> jvmOptions,
                                           List<String> payaraArguments) throws IOException, InterruptedException {
        int port = Ports.free();
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
        RUNNING.add(server.process);
        boolean ready = false;
        try {
            server.awaitReady();
            ready = true;
            return server;
        } finally {
            if (!ready) { // timed out, exited, port taken, or the caller was interrupted: nothing is left running
                server.close();
            }
        }
    }

    /** A start of one server, for {@link #startAll(List)}. */
    @FunctionalInterface
    public interface Start {
        PayaraProcess start() throws IOException, InterruptedException;
    }

    /**
     * Runs these starts at once and returns the servers in the order of the starts. If one fails, the starts
     * still under way are abandoned and every server that did start is closed before the failure is thrown:
     * nothing is left running for the caller to forget.
     */
    public static List<PayaraProcess> startAll(List<Start> starts) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(starts.size(), runnable -> {
            Thread thread = new Thread(runnable, "start-payara");
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<PayaraProcess> completions = new ExecutorCompletionService<>(pool);
        Map<Future<PayaraProcess>, Integer> order = new HashMap<>();
        for (Start start : starts) {
            order.put(completions.submit(start::start), order.size());
        }
        pool.shutdown();
        PayaraProcess[] started = new PayaraProcess[starts.size()];
        Throwable failure = null;
        try {
            for (int done = 0; done < starts.size(); done++) {
                Future<PayaraProcess> next = completions.take();
                try {
                    started[order.get(next)] = next.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                        pool.shutdownNow(); // the other starts give up, each closing its own process
                    } else if (!(e.getCause() instanceof InterruptedException)) {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            for (Future<PayaraProcess> left = completions.poll(); left != null; left = completions.poll()) {
                try {
                    started[order.get(left)] = left.get();
                } catch (ExecutionException failed) {
                    // closed its own process
                }
            }
            failure = e;
        }
        if (failure != null) {
            for (PayaraProcess server : started) {
                if (server != null) {
                    server.close();
                }
            }
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("not every server started: " + failure.getMessage(), failure);
        }
        return List.of(started);
    }

    public URI base() {
        return base;
    }

    public Path log() {
        return log;
    }

    /** What {@code /api/me/} answered from the start of the process until it was ready, every 250 ms, in order. */
    public List<StartupAnswer> startupAnswers() {
        return List.copyOf(startupAnswers);
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
            killTree(process);
            process.waitFor(10, TimeUnit.SECONDS);
        }
        RUNNING.remove(process);
    }

    /** {@code kill -9}: no shutdown hooks, no flushing. */
    public void kill() throws InterruptedException {
        killTree(process);
        process.waitFor(30, TimeUnit.SECONDS);
        RUNNING.remove(process);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        RUNNING.remove(process);
    }

    /**
     * Payara answers 404 everywhere until the WAR is deployed; our API answers 401 to an anonymous call, or 503 with
     * a {@code detail} when the server cannot authenticate anyone (no key configured, JWKS not fetched yet); a 503
     * saying that the server is still starting is not ready. Each probe is bounded on its own (a probe that hangs is
     * abandoned, not waited for), so only the deadline decides; the deadline counts from the process start, JVM start
     * included. Every answer is kept ({@link #startupAnswers()}).
     */
    private void awaitReady() throws InterruptedException, IOException {
        long started = System.nanoTime();
        long deadline = started + STARTUP.toNanos();
        String lastProbe = "no probe yet";
        long loggedReady = 0;
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited (" + process.exitValue() + ") during startup"
                        + describe(started, lastProbe));
            }
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            // Payara Micro does not exit when its HTTP listener cannot bind: it logs this and hangs
            if (text.contains("java.net.BindException") && text.contains("Failed to start, exiting")) {
                throw new PortTaken("the HTTP port " + base.getPort() + " was taken before Payara Micro bound it"
                        + describe(started, lastProbe));
            }
            if (loggedReady == 0 && text.contains(") ready in ")) {
                loggedReady = System.nanoTime();
            }
            if (loggedReady != 0 && System.nanoTime() - loggedReady > SERVING_AFTER_READY.toNanos()) {
                throw new IllegalStateException("Payara Micro is up but the application does not answer "
                        + SERVING_AFTER_READY.toSeconds() + " s later (a failed deployment?)" + describe(started, lastProbe));
            }
            CompletableFuture<HttpResponse<String>> probe = PROBE.sendAsync(HttpRequest.newBuilder(base.resolve("/api/me/"))
                    .timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            try {
                HttpResponse<String> reply = probe.get(PROBE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                startupAnswers.add(new StartupAnswer(reply.statusCode(), reply.body()));
                if (reply.statusCode() == 401 || reply.statusCode() == 503 && reply.body().contains("\"detail\"")
                        && !reply.body().contains("starting")) {
                    return;
                }
                lastProbe = "HTTP " + reply.statusCode();
            } catch (ExecutionException notYet) {
                lastProbe = String.valueOf(notYet.getCause()); // not listening yet, or no answer in time
                if (startupAnswers.isEmpty() || startupAnswers.get(startupAnswers.size() - 1).status() != 0) {
                    startupAnswers.add(new StartupAnswer(0, ""));
                }
            } catch (TimeoutException hung) {
                probe.cancel(true);
                lastProbe = "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Payara Micro not ready within " + STARTUP + " (-D" + STARTUP_PROPERTY
                + " to wait longer)" + describe(started, lastProbe));
    }

    private String describe(long started, String lastProbe) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        String ready = lines.stream().filter(l -> l.contains(") ready in ")).findFirst()
                .map(l -> "Payara Micro logged \"" + l.substring(l.indexOf("ready in ")) + "\"; ")
                .orElse("Payara Micro logged no \"ready in\"; ");
        return " after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s; " + ready + "last probe of "
                + base.resolve("/api/me/") + ": " + lastProbe + "; " + log + " ends with:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
    }

    /** Kills the server and whatever it started, at once. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** A port Payara could not bind: worth another start on another port. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
