package dev.dkg.channel;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what hostile exchanges ended in ("error-1", "eof", "reset", "hang", "unexpected", …), from many
 * threads, plus how many hostile frames were sent in all.
 */
public final class FuzzOutcomes {
    /** Outcomes that fail a fuzz run whenever they occur. */
    public static final String HANG = "hang";
    public static final String UNEXPECTED = "unexpected";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder frames = new LongAdder();

    public void record(String outcome) {
        counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    public void frameSent() {
        frames.increment();
    }

    public long frames() {
        return frames.sum();
    }

    public long count(String outcome) {
        LongAdder a = counts.get(outcome);
        return a == null ? 0 : a.sum();
    }

    /** Every outcome seen so far with its count, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The total of the outcomes that name a failure ({@link #HANG}, {@link #UNEXPECTED}, "strict-miss"). */
    public long failures() {
        return count(HANG) + count(UNEXPECTED) + count("strict-miss");
    }
}
