package io.inbox.bench;

import io.inbox.api.JsonBinding;
import io.inbox.api.MessageBody;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.FrameType;
import io.inbox.protocol.MessageView;
import io.inbox.protocol.ServerEvent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * How long one message frame takes to encode: FrameCodec (JSON-P streaming, what the WebSockets send) against JSON-B
 * with the REST API's configuration on the same message (docs/architecture.md has the figures and the decision).
 * A plain main, not a test: {@code mvn -q test-compile exec:exec@bench} runs the load generator; this one runs with
 * {@code java -cp target/classes:target/test-classes:<test class path> io.inbox.bench.CodecBench [rounds]}.
 * Warms each encoder up, then times rounds of a million frames, alternating the two, and prints each one's median.
 */
public final class CodecBench {
    private static final int FRAMES_PER_ROUND = 1_000_000;

    private CodecBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        MessageView view = new MessageView(812_345, 1_234, 456, "John Doe", "https://cdn.example.com/avatars/456.png",
                "Hello, are we still on for lunch at noon?", Instant.parse("2026-01-15T10:30:00.123Z"), "c-7f3a", null);
        FrameCodec codec = new FrameCodec();
        ServerEvent.MessagePosted event = new ServerEvent.MessagePosted(view);
        try (Jsonb jsonb = JsonbBuilder.create(JsonBinding.config())) {
            Supplier<String> jsonP = () -> codec.encode(event);
            Supplier<String> jsonB = () -> jsonb.toJson(body(view));
            if (!jsonP.get().equals(jsonB.get())) {
                throw new IllegalStateException("the two encoders disagree:\n" + jsonP.get() + "\n" + jsonB.get());
            }
            for (int i = 0; i < 3; i++) { // warm-up: both encoders compiled before any round counts
                time(jsonP);
                time(jsonB);
            }
            double[] p = new double[rounds];
            double[] b = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                p[i] = time(jsonP);
                b[i] = time(jsonB);
            }
            System.out.printf("frame: %d bytes; %d rounds of %,d frames; load average before: %.2f; %d cores%n",
                    jsonP.get().length(), rounds, FRAMES_PER_ROUND,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("FrameCodec (JSON-P): median %.0f ns/frame (min %.0f, max %.0f)%n", median(p), min(p), max(p));
            System.out.printf("JSON-B (Yasson):     median %.0f ns/frame (min %.0f, max %.0f)%n", median(b), min(b), max(b));
        }
    }

    private static MessageBody body(MessageView m) {
        return new MessageBody(FrameType.TEXT, m.message(), m.conversationId(), m.senderId(), m.senderName(),
                m.senderAvatar(), m.createdAt(), m.messageId(), m.clientId(), m.editedAt());
    }

    /** Nanoseconds per frame over one round; the lengths are summed so that no encoding can be left out. */
    private static double time(Supplier<String> encoder) {
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < FRAMES_PER_ROUND; i++) {
            bytes += encoder.get().length();
        }
        long elapsed = System.nanoTime() - start;
        if (bytes == 0) {
            throw new IllegalStateException("nothing encoded");
        }
        return (double) elapsed / FRAMES_PER_ROUND;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
