package io.inbox.bench;

import io.inbox.cluster.GridCodecSamples;
import java.util.function.IntSupplier;

/**
 * Cost of what instances send each other over the grid: encode + decode of one envelope (batches of 1, 50 and
 * 500 frames, the publisher's largest) and of one presence entry, in one thread after a warm-up. Not a test:
 * {@code java -cp <test classpath> io.inbox.bench.GridCodecBench [seconds per case]} (docs/clustering.md has the
 * figures).
 */
public final class GridCodecBench {

    private GridCodecBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        for (int frames : new int[] {1, 50, 500}) {
            GridCodecSamples samples = new GridCodecSamples(frames);
            double micros = measure(samples::envelopeRoundTrip, seconds);
            System.out.printf("envelope of %3d frames (%7d chars): %9.1f us encode+decode, %6.2f us per frame%n",
                    frames, samples.envelopeChars(), micros, micros / frames);
        }
        GridCodecSamples samples = new GridCodecSamples(1);
        System.out.printf("presence entry (%d chars): %.2f us encode+decode%n", samples.presenceChars(),
                measure(samples::presenceRoundTrip, seconds));
    }

    /** Microseconds per call: warm-up for the same time, then the best of ten equal rounds (the least disturbed). */
    private static double measure(IntSupplier call, double seconds) {
        long sink = 0;
        long warmUntil = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < warmUntil) {
            sink += call.getAsInt();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            long calls = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9 / 10);
            long now;
            do {
                sink += call.getAsInt();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            best = Math.min(best, (now - start) / 1e3 / calls);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return best;
    }
}
