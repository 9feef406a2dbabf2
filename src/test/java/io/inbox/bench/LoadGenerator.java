package io.inbox.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inbox load generator (docs/benchmarks.md). Against a running server: mints tokens, creates
 * conversations over REST, opens one {@code /ws/inbox/} socket per user in batches, then either sends TEXT
 * frames at an open-loop rate (traffic mode) or holds the sockets (idle mode), and reports JSON plus one
 * summary line. Latency is measured from the moment a message was due to be sent (so a late generator shows as
 * latency, not as a lower rate) to its receipt at each other participant.
 */
public final class LoadGenerator implements BenchSocket.Events {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final Options options;
    private final HttpClient http;
    private final HttpClient[] wsClients;
    private final ProcessProbe self = ProcessProbe.self();
    private final Optional<ProcessProbe> server;
    private final List<BenchSocket> sockets = new ArrayList<>();
    private final LatencyRecorder connectTimes = new LatencyRecorder();
    private final LatencyRecorder deliveryLatency = new LatencyRecorder();
    private final LatencyRecorder ackLatency = new LatencyRecorder();
    private final Map<String, LongAdder> errorFrames = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unknownMessages = new LongAdder();
    private final AtomicLong peakServerRss = new AtomicLong(-1);
    /** Conversation id by the index of its first member. */
    private final Map<Integer, Long> conversationOf = new ConcurrentHashMap<>();
    private volatile boolean finishing;

    // per message, indexed by its sequence number (client_id "b<seq>")
    private long[] dueNanos;
    private int[] senderOf;
    private AtomicIntegerArray received;
    private AtomicIntegerArray acked;
    /** Per sending user: the other members of its conversation that read (not stalled). */
    private int[] receiversInGroupOf;
    private long measureFrom;
    private long measureTo;

    private LoadGenerator(Options options) {
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.wsClients = new HttpClient[options.httpClients];
        for (int i = 0; i < wsClients.length; i++) {
            wsClients[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        }
        this.server = ProcessProbe.server(options.serverPid, options.url.getPort() < 0 ? 80 : options.url.getPort());
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        JsonObject report = run(options);
        String json = pretty(report);
        System.out.println(json);
        if (options.out != null) {
            Files.writeString(options.out, json);
        }
        System.out.println(report.getString("summary"));
        System.exit(0);
    }

    /** Runs one scenario with these command-line options and returns its report (used by a smoke test too). */
    public static JsonObject run(String... args) throws Exception {
        return run(Options.parse(args));
    }

    private static JsonObject run(Options options) throws Exception {
        LoadGenerator generator = new LoadGenerator(options);
        return options.idle ? generator.idle() : generator.traffic();
    }

    // ---------------------------------------------------------------- scenarios

    private JsonObject traffic() throws Exception {
        Thread sampler = startSampler();
        long[] users = userIds(options.users);
        log("minting " + users.length + " tokens");
        String[] tokens = new Tokens(options, http).mint(users);
        log("creating " + users.length / options.groupSize + " conversations of " + options.groupSize);
        createConversations(users, tokens);
        log("connecting " + users.length + " sockets in batches of " + options.connectBatch);
        long connectStart = System.nanoTime();
        int failed = connect(users, tokens);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        Thread.sleep(2000); // presence frames settle

        int total = (int) Math.ceil(options.rate * (options.warmupSeconds + options.durationSeconds));
        int warmupCount = (int) Math.ceil(options.rate * options.warmupSeconds);
        dueNanos = new long[total];
        senderOf = new int[total];
        received = new AtomicIntegerArray(total);
        acked = new AtomicIntegerArray(total);
        List<Integer> order = new ArrayList<>();
        for (int i = options.stalled; i < sockets.size(); i++) {
            order.add(i);
        }
        receiversInGroupOf = new int[options.users];
        for (int i = 0; i < options.users; i++) {
            int first = i - i % options.groupSize;
            int live = 0;
            for (int j = first; j < first + options.groupSize; j++) {
                live += j >= options.stalled && j != i ? 1 : 0;
            }
            receiversInGroupOf[i] = live;
        }
        Collections.shuffle(order, new java.util.Random(42));
        String padding = "x".repeat(Math.max(0, options.messageBytes - 12));

        log("sending " + options.rate + " msg/s: " + options.warmupSeconds + " s warm-up, " + options.durationSeconds + " s measured");
        long start = System.nanoTime();
        measureFrom = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
        measureTo = measureFrom + TimeUnit.SECONDS.toNanos(options.durationSeconds);
        Snapshot atMeasureStart = null;
        long maxLag = 0;
        int seq = 0;
        while (seq < total) {
            long now = System.nanoTime();
            long due = Math.min(total, (long) ((now - start) * options.rate / 1e9) + 1);
            while (seq < due) {
                long dueAt = start + (long) (seq * 1e9 / options.rate);
                if (seq == warmupCount) {
                    atMeasureStart = snapshot();
                }
                BenchSocket sender = sockets.get(order.get(seq % order.size()));
                dueNanos[seq] = dueAt;
                senderOf[seq] = sender.index;
                if (!sender.closed) {
                    sender.send("{\"type\":\"TEXT\",\"conversation_id\":" + sender.conversationId + ",\"message\":\"bench "
                            + seq + " " + padding + "\",\"client_id\":\"b" + seq + "\"}");
                }
                maxLag = Math.max(maxLag, System.nanoTime() - dueAt);
                seq++;
            }
            LockSupport.parkNanos(100_000);
        }
        if (atMeasureStart == null) {
            atMeasureStart = snapshot();
        }
        Snapshot atMeasureEnd = snapshot();
        log("waiting up to " + options.graceSeconds + " s for the last deliveries");
        long graceEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.graceSeconds);
        while (System.nanoTime() < graceEnd && missing(total)[0] > 0) {
            Thread.sleep(50);
        }
        finishing = true;
        long[] loss = missing(total);
        long notAcked = 0;
        long ackedMeasured = 0;
        for (int i = 0; i < total; i++) {
            if (acked.get(i) == 0) {
                notAcked++;
            } else if (i >= warmupCount) {
                ackedMeasured++;
            }
        }
        closeAll();
        sampler.interrupt();

        double seconds = (atMeasureEnd.nanos - atMeasureStart.nanos) / 1e9;
        int measured = total - warmupCount;
        double[] lat = deliveryLatency.percentilesMillis();
        double[] ack = ackLatency.percentilesMillis();
        double[] conn = connectTimes.percentilesMillis();
        JsonObjectBuilder r = base("traffic");
        r.add("users", options.users).add("group_size", options.groupSize).add("stalled_users", options.stalled)
                .add("target_rate", options.rate)
                .add("warmup_seconds", options.warmupSeconds).add("duration_seconds", options.durationSeconds)
                .add("message_bytes", options.messageBytes)
                .add("messages_sent", total).add("messages_measured", measured)
                .add("send_rate", measured / seconds)
                .add("ack_rate", ackedMeasured / seconds)
                .add("deliveries_measured", deliveryLatency.count())
                .add("deliveries_per_second", deliveryLatency.count() / seconds)
                .add("latency_ms", percentiles(lat))
                .add("ack_latency_ms", percentiles(ack))
                .add("lost_deliveries", loss[0]).add("messages_with_lost_deliveries", loss[1])
                .add("acknowledged_but_lost", loss[2])
                .add("messages_not_acknowledged", notAcked)
                .add("duplicates", duplicates.sum()).add("unknown_messages", unknownMessages.sum())
                .add("generator_max_send_lag_ms", maxLag / 1e6)
                .add("errors", errors(failed))
                .add("connect", Json.createObjectBuilder().add("sockets", options.users).add("failed", failed)
                        .add("seconds", connectSeconds).add("ms", percentiles(conn)))
                .add("resources_while_measuring", resources(atMeasureStart, atMeasureEnd));
        long errorCount = errorCount(failed);
        String summary = String.format(java.util.Locale.ROOT,
                "%s: sent %.0f msg/s (target %.0f), acked %.0f/s, %.0f deliveries/s, latency ms p50 %.1f p90 %.1f p99 %.1f"
                        + " p99.9 %.1f max %.1f, lost %d (of acknowledged messages %d), errors %d, connect p50 %.0f ms p99 %.0f ms, server %s, generator cpu %.2f cores",
                options.label, measured / seconds, options.rate, ackedMeasured / seconds, deliveryLatency.count() / seconds,
                lat[0], lat[1], lat[2], lat[3], lat[4], loss[0], loss[2], errorCount, conn[0], conn[2],
                serverSummary(atMeasureStart, atMeasureEnd), atMeasureEnd.generatorCoresSince(atMeasureStart));
        return r.add("summary", summary).build();
    }

    private JsonObject idle() throws Exception {
        Thread sampler = startSampler();
        long[] users = userIds(options.users);
        log("minting " + users.length + " tokens");
        String[] tokens = new Tokens(options, http).mint(users);
        Thread.sleep(3000);
        Snapshot before = snapshot();
        log("connecting " + users.length + " sockets in batches of " + options.connectBatch);
        List<Double> batchSeconds = new ArrayList<>();
        int failed = 0;
        for (int from = 0; from < users.length; from += options.connectBatch) {
            long t0 = System.nanoTime();
            failed += connectBatch(users, tokens, from, Math.min(users.length, from + options.connectBatch));
            batchSeconds.add((System.nanoTime() - t0) / 1e9);
        }
        Snapshot connected = snapshot();
        log("holding " + sockets.size() + " sockets for " + options.durationSeconds + " s");
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds));
        Snapshot held = snapshot();
        long open = sockets.stream().filter(s -> !s.closed).count();
        finishing = true;
        closeAll();
        sampler.interrupt();

        double[] conn = connectTimes.percentilesMillis();
        JsonObjectBuilder r = base("idle");
        var batches = Json.createArrayBuilder();
        batchSeconds.forEach(batches::add);
        double maxBatch = batchSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        r.add("sockets", options.users).add("connect_batch", options.connectBatch).add("failed", failed)
                .add("still_open_after_hold", open)
                .add("connect_batch_seconds", batches).add("slowest_batch_seconds", maxBatch)
                .add("connect_ms", percentiles(conn)).add("errors", errors(failed))
                .add("resources_while_connecting", resources(before, connected))
                .add("resources_while_holding", resources(connected, held));
        String perSocket = "n/a";
        if (server.isPresent() && before.serverRss > 0 && held.serverRss > 0) {
            double bytes = (double) (held.serverRss - before.serverRss) / options.users;
            r.add("server_rss_before_mb", before.serverRss / 1048576.0).add("server_rss_held_mb", held.serverRss / 1048576.0)
                    .add("server_bytes_per_socket", bytes);
            perSocket = String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024);
        }
        String summary = String.format(java.util.Locale.ROOT,
                "%s: %d sockets, %d failed, %d still open after %d s, batches of %d in max %.2f s, connect p50 %.0f ms p99 %.0f ms,"
                        + " server memory per socket %s (RSS growth / sockets), generator cpu %.2f cores while connecting",
                options.label, options.users, failed, open, options.durationSeconds, options.connectBatch, maxBatch,
                conn[0], conn[2], perSocket, connected.generatorCoresSince(before));
        return r.add("summary", summary).build();
    }

    // ---------------------------------------------------------------- setup

    /** Fresh user ids for every run (distinct from earlier runs on the same database). */
    private static long[] userIds(int count) {
        long base = 1_000_000_000L + (System.currentTimeMillis() / 1000 % 1_000_000) * 20_000L;
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = base + i;
        }
        return ids;
    }

    private void createConversations(long[] users, String[] tokens) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int first = 0; first < users.length; first += options.groupSize) {
            StringBuilder ids = new StringBuilder();
            for (int j = first + 1; j < first + options.groupSize; j++) {
                ids.append(ids.length() == 0 ? "" : ",").append(users[j]);
            }
            int group = first;
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(options.url.resolve("api/conversations/"))
                    .header("Authorization", "Bearer " + tokens[first]).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"participant_ids\":[" + ids + "],\"title\":\"bench\"}")).build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((reply, e) -> inFlight.release())
                    .thenAccept(reply -> {
                        Matcher m = ID.matcher(reply.body());
                        if (reply.statusCode() != 201 || !m.find()) {
                            throw new IllegalStateException("POST /api/conversations/ answered " + reply.statusCode() + " " + reply.body());
                        }
                        long id = Long.parseLong(m.group(1));
                        conversationOf.put(group, id);
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    private int connect(long[] users, String[] tokens) throws InterruptedException {
        int failed = 0;
        for (int from = 0; from < users.length; from += options.connectBatch) {
            failed += connectBatch(users, tokens, from, Math.min(users.length, from + options.connectBatch));
        }
        return failed;
    }

    /** Opens sockets [from, to) at once and waits for each one's connection_established; returns the failures. */
    private int connectBatch(long[] users, String[] tokens, int from, int to) throws InterruptedException {
        List<URI> instances = options.socketUrls.isEmpty() ? List.of(options.url) : options.socketUrls;
        List<BenchSocket> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            URI instance = instances.get(i % instances.size());
            String ws = instance.getScheme().equals("https") ? "wss" : "ws";
            URI endpoint = URI.create(ws + "://" + instance.getRawAuthority() + "/ws/inbox/");
            BenchSocket socket = new BenchSocket(i, users[i], this);
            Long conversation = conversationOf.get(i - i % options.groupSize);
            socket.conversationId = conversation == null ? 0 : conversation;
            socket.stalled = i < options.stalled;
            long t0 = System.nanoTime();
            wsClients[i % wsClients.length].newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(endpoint + "?token=" + tokens[i]), socket)
                    .whenComplete((w, e) -> {
                        if (e != null) {
                            socket.established.completeExceptionally(e);
                        }
                    });
            socket.established.thenAccept(at -> connectTimes.record(at - t0));
            batch.add(socket);
        }
        int failed = 0;
        for (BenchSocket socket : batch) {
            try {
                socket.established.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                failed++;
                if (failed <= 3) {
                    log("socket " + socket.index + " failed: " + e);
                }
            }
        }
        synchronized (sockets) {
            sockets.addAll(batch);
        }
        return failed;
    }

    private void closeAll() throws InterruptedException {
        for (BenchSocket socket : sockets) {
            socket.close();
        }
        Thread.sleep(500);
    }

    // ---------------------------------------------------------------- events from the sockets

    @Override
    public void message(BenchSocket socket, String clientId, long nanos) {
        if (received == null || clientId.length() < 2 || clientId.charAt(0) != 'b') {
            unknownMessages.increment();
            return;
        }
        int seq;
        try {
            seq = Integer.parseInt(clientId, 1, clientId.length(), 10);
        } catch (NumberFormatException e) {
            unknownMessages.increment();
            return;
        }
        if (seq >= dueNanos.length) {
            unknownMessages.increment();
            return;
        }
        long due = dueNanos[seq];
        boolean measured = due >= measureFrom && due < measureTo;
        if (socket.index == senderOf[seq]) {
            if (acked.getAndIncrement(seq) > 0) {
                duplicates.increment();
            } else if (measured) {
                ackLatency.record(nanos - due);
            }
        } else if (received.incrementAndGet(seq) > receiversInGroupOf[senderOf[seq]]) {
            duplicates.increment();
        } else if (measured) {
            deliveryLatency.record(nanos - due);
        }
    }

    @Override
    public void error(BenchSocket socket, String code) {
        errorFrames.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    @Override
    public void closed(BenchSocket socket, int code) {
        if (!finishing) {
            closes.computeIfAbsent(code, c -> new LongAdder()).increment();
        }
    }

    @Override
    public void sendFailed(BenchSocket socket, Throwable failure) {
        sendFailures.increment();
    }

    // ---------------------------------------------------------------- measuring

    /**
     * {lost deliveries, messages with at least one lost delivery, lost deliveries of acknowledged messages}
     * over every message sent.
     */
    private long[] missing(int total) {
        long lost = 0;
        long messages = 0;
        long ofAcknowledged = 0;
        for (int i = 0; i < total; i++) {
            int expected = receiversInGroupOf[senderOf[i]];
            int got = received.get(i);
            if (got < expected) {
                lost += expected - got;
                messages++;
                if (acked.get(i) > 0) {
                    ofAcknowledged += expected - got;
                }
            }
        }
        return new long[] {lost, messages, ofAcknowledged};
    }

    private record Snapshot(long nanos, double selfCpu, double serverCpu, long serverRss, long[] machine) {
        double generatorCoresSince(Snapshot earlier) {
            return (selfCpu - earlier.selfCpu) / ((nanos - earlier.nanos) / 1e9);
        }
    }

    private Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), self.cpuSeconds(),
                server.map(ProcessProbe::cpuSeconds).orElse(Double.NaN),
                server.map(ProcessProbe::rssBytes).orElse(-1L), ProcessProbe.machineTicks());
    }

    private Thread startSampler() {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                server.ifPresent(p -> peakServerRss.accumulateAndGet(p.rssBytes(), Math::max));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private JsonObjectBuilder resources(Snapshot from, Snapshot to) {
        double seconds = (to.nanos - from.nanos) / 1e9;
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("seconds", seconds)
                .add("generator_cpu_cores", to.generatorCoresSince(from));
        long busy = to.machine[0] - from.machine[0];
        long total = to.machine[1] - from.machine[1];
        if (total > 0) {
            b.add("machine_cpu_busy_percent", 100.0 * busy / total);
        }
        if (server.isPresent()) {
            b.add("server_pid", server.get().pid())
                    .add("server_cpu_cores", (to.serverCpu - from.serverCpu) / seconds)
                    .add("server_rss_mb_at_end", to.serverRss / 1048576.0)
                    .add("server_peak_rss_mb", peakServerRss.get() / 1048576.0);
        }
        return b;
    }

    private String serverSummary(Snapshot from, Snapshot to) {
        if (server.isEmpty()) {
            return "not observed (not on this machine)";
        }
        double seconds = (to.nanos - from.nanos) / 1e9;
        return String.format(java.util.Locale.ROOT, "cpu %.2f cores peak rss %.0f MiB",
                (to.serverCpu - from.serverCpu) / seconds, peakServerRss.get() / 1048576.0);
    }

    private JsonObjectBuilder base(String mode) {
        return Json.createObjectBuilder().add("label", options.label).add("mode", mode)
                .add("url", options.url.toString()).add("socket_urls", options.socketUrls.toString()).add("cores", Runtime.getRuntime().availableProcessors());
    }

    private JsonObjectBuilder errors(int connectFailures) {
        JsonObjectBuilder frames = Json.createObjectBuilder();
        errorFrames.forEach((code, n) -> frames.add(code, n.sum()));
        JsonObjectBuilder closeCodes = Json.createObjectBuilder();
        closes.forEach((code, n) -> closeCodes.add(Integer.toString(code), n.sum()));
        return Json.createObjectBuilder().add("total", errorCount(connectFailures))
                .add("error_frames_by_code", frames).add("unexpected_closes_by_code", closeCodes)
                .add("send_failures", sendFailures.sum()).add("connect_failures", connectFailures);
    }

    private long errorCount(int connectFailures) {
        return errorFrames.values().stream().mapToLong(LongAdder::sum).sum()
                + closes.values().stream().mapToLong(LongAdder::sum).sum() + sendFailures.sum() + connectFailures;
    }

    private static JsonObjectBuilder percentiles(double[] p) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        String[] names = {"p50", "p90", "p99", "p99_9", "max"};
        for (int i = 0; i < names.length; i++) {
            if (Double.isNaN(p[i])) {
                b.addNull(names[i]);
            } else {
                b.add(names[i], Math.round(p[i] * 100) / 100.0);
            }
        }
        return b;
    }

    private static String pretty(JsonObject report) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            writer.write(report);
        }
        return out.toString().trim();
    }

    private static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
