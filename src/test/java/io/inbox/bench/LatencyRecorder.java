package io.inbox.bench;

import java.util.Arrays;

/** Collects latencies (nanoseconds) from many threads; percentiles are exact (every sample is kept). */
final class LatencyRecorder {
    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** p50, p90, p99, p99.9 and max in milliseconds, or all NaN without samples. */
    synchronized double[] percentilesMillis() {
        if (size == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        double[] quantiles = {0.50, 0.90, 0.99, 0.999};
        double[] out = new double[5];
        for (int i = 0; i < quantiles.length; i++) {
            int index = (int) Math.min(size - 1, Math.ceil(quantiles[i] * size) - 1);
            out[i] = sorted[Math.max(0, index)] / 1e6;
        }
        out[4] = sorted[size - 1] / 1e6;
        return out;
    }
}
