package dev.dkg.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Measures how many times per second an operation completes on a number of threads, after a warm-up on the
 * same threads (the JIT on a small machine needs seconds to reach its steady rate). The one timing loop of
 * every benchmark's bound.
 */
public final class Throughput {
    /** One unit of work; may throw, which fails the measurement. */
    public interface Operation {
        void run() throws Exception;
    }

    private Throughput() {}

    /**
     * Operations per second over {@code threads} threads; {@code perThread} gives thread t its operation, so
     * each thread can use its own key or state.
     */
    public static double perSecond(int threads, Duration warmup, Duration measured, IntFunction<Operation> perThread)
            throws InterruptedException {
        LongAdder count = new LongAdder();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Operation op = perThread.apply(t);
            Thread worker = new Thread(() -> {
                try {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        op.run();
                        if (now >= measureFrom) {
                            count.increment();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "bench-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("benchmark operation failed", failures.get(0));
        }
        return count.sum() / (measured.toNanos() / 1e9);
    }

    /** {@code seconds} (fractions allowed) as a Duration. */
    public static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
