package clinic.model;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** What the model runs covered: operations and their answers, states seen after a step, faults and timers. */
final class Coverage {
    private final Map<String, LongAdder> counts = new ConcurrentSkipListMap<>();

    void count(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** Adds {@code nanos} to a timing, reported in milliseconds. */
    void time(String what, long nanos) {
        counts.computeIfAbsent("time ms " + what, k -> new LongAdder()).add(nanos / 1_000_000);
        count("timed " + what);
    }

    long of(String what) {
        LongAdder n = counts.get(what);
        return n == null ? 0 : n.sum();
    }

    String report() {
        StringBuilder out = new StringBuilder();
        counts.forEach((what, n) -> out.append(String.format("  %8d  %s%n", n.sum(), what)));
        return out.toString();
    }
}
