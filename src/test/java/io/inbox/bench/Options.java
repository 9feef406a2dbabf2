package io.inbox.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line options of the load generator; {@code --help} prints them (docs/benchmarks.md explains them). */
final class Options {
    static final String HELP = """
            inbox load generator: runs against a running server and reports JSON plus one summary line.
              --url URL              server base URL (default http://localhost:8000)
              --socket-urls U1,U2    open the sockets on these instances of a cluster, round robin (user i on
                                     U(i mod n): in pairs, the two users sit on different instances); setup
                                     still goes to --url (default: --url)
              --mode traffic|idle    traffic: send messages; idle: hold sockets (default traffic)
              --users N              users, one /ws/inbox/ socket each (default 1000)
              --group-size G         users per conversation: 2 = pairs, 100 = one group of 100 (default 2)
              --rate R               messages per second sent, open loop, by all users together (default 1000)
              --warmup S             seconds of sending before measuring (default 10)
              --duration S           seconds measured (idle mode: seconds the sockets are held) (default 30)
              --grace S              seconds after the end for deliveries to arrive before they count as lost (default 5)
              --connect-batch B      sockets opened at once (default 500)
              --message-bytes B      size of each message text (default 64)
              --http-clients K       WebSocket client instances (each has its own selector thread) (default 4)
              --stalled N            the first N users stop reading after connecting (slow clients: the server
                                     must close them with 1013 and serve everyone else); they send nothing and
                                     are not expected to receive (default 0)
              --private-key FILE     sign RS256 tokens with this PEM key (with --issuer), instead of /api/dev/token/
              --issuer ISS           iss claim of signed tokens
              --legacy-secret S      sign HS256 tokens like the legacy Django app, instead of /api/dev/token/
              --server-pid PID       the server process on this machine, for its RSS and CPU (default: found by
                                     its command line, a java process running payara-micro)
              --label TEXT           name of the run in the report (default: the scenario)
              --out FILE             also write the JSON report to this file
            """;

    URI url = URI.create("http://localhost:8000/");
    java.util.List<URI> socketUrls = java.util.List.of();
    boolean idle;
    int users = 1000;
    int groupSize = 2;
    double rate = 1000;
    int warmupSeconds = 10;
    int durationSeconds = 30;
    int graceSeconds = 5;
    int connectBatch = 500;
    int messageBytes = 64;
    int httpClients = 4;
    int stalled;
    Path privateKey;
    String issuer;
    String legacySecret;
    Long serverPid;
    String label;
    Path out;

    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--help") || key.equals("-h")) {
                System.out.print(HELP);
                System.exit(0);
            }
            if (!key.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + key + "\n" + HELP);
            }
            values.put(key.substring(2), args[++i]);
        }
        Options o = new Options();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "url" -> o.url = URI.create(v.endsWith("/") ? v : v + "/");
                case "socket-urls" -> o.socketUrls = java.util.Arrays.stream(v.split(","))
                        .map(u -> URI.create(u.endsWith("/") ? u : u + "/")).toList();
                case "mode" -> {
                    if (!v.equals("idle") && !v.equals("traffic")) {
                        throw new IllegalArgumentException("--mode is traffic or idle");
                    }
                    o.idle = v.equals("idle");
                }
                case "users" -> o.users = positive(e.getKey(), v);
                case "group-size" -> o.groupSize = positive(e.getKey(), v);
                case "rate" -> o.rate = Double.parseDouble(v);
                case "warmup" -> o.warmupSeconds = Integer.parseInt(v);
                case "duration" -> o.durationSeconds = positive(e.getKey(), v);
                case "grace" -> o.graceSeconds = Integer.parseInt(v);
                case "connect-batch" -> o.connectBatch = positive(e.getKey(), v);
                case "message-bytes" -> o.messageBytes = positive(e.getKey(), v);
                case "http-clients" -> o.httpClients = positive(e.getKey(), v);
                case "stalled" -> o.stalled = Integer.parseInt(v);
                case "private-key" -> o.privateKey = Path.of(v);
                case "issuer" -> o.issuer = v;
                case "legacy-secret" -> o.legacySecret = v;
                case "server-pid" -> o.serverPid = Long.parseLong(v);
                case "label" -> o.label = v;
                case "out" -> o.out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey() + "\n" + HELP);
            }
        }
        if (!o.idle && (o.groupSize < 2 || o.users % o.groupSize != 0)) {
            throw new IllegalArgumentException("--users must be a multiple of --group-size (at least 2)");
        }
        if (o.label == null) {
            o.label = o.idle ? "idle-" + o.users : o.users + "-users-groups-of-" + o.groupSize + "-at-" + (long) o.rate;
        }
        return o;
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return n;
    }
}
